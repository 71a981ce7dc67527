package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionEvent.Canceled;
import io.hetumind.core.engine.ExecutionEvent.Continued;
import io.hetumind.core.engine.ExecutionEvent.Crashed;
import io.hetumind.core.engine.ExecutionEvent.Finished;
import io.hetumind.core.engine.ExecutionEvent.NodeDeferred;
import io.hetumind.core.engine.ExecutionEvent.NodeFailed;
import io.hetumind.core.engine.ExecutionEvent.NodeFinished;
import io.hetumind.core.engine.ExecutionEvent.NodeStarted;
import io.hetumind.core.engine.ExecutionEvent.NodeWaiting;
import io.hetumind.core.engine.ExecutionEvent.Paused;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.engine.ExecutionEvent.Started;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.NodeRunStatus;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WaitingRun;
import io.hetumind.core.engine.WorkflowGraph;
import io.hetumind.core.model.Item;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's pure core: applies one event to an execution state and plans what becomes
 * ready. No clocks, threads or I/O here; the same events always give the same state, which is
 * what makes checkpoints, crash-resume and Lambda batches one mechanism.
 */
public final class ExecutionMachine {

    /** The order in which ready nodes are queued. */
    public enum Order {
        /** n8n v1: children of a finished node run next (depth-first per branch). */
        DEPTH_FIRST,
        /** n8n v0: children queue behind what is already ready (breadth-first). */
        BREADTH_FIRST
    }

    private final WorkflowGraph graph;
    private final Order order;
    private final Readiness readiness;

    public ExecutionMachine(WorkflowGraph graph, Order order) {
        this.graph = graph;
        this.order = order;
        this.readiness =
                new Readiness(graph, "v0".equals(graph.workflow().settings().executionOrder()));
    }

    public WorkflowGraph graph() {
        return graph;
    }

    /** Applies {@code event} to {@code state} in place. */
    public void apply(MachineState s, ExecutionEvent event) {
        s.seq++;
        switch (event) {
            case Started e -> start(s, e);
            case NodeStarted e -> nodeStarted(s, e);
            case NodeFinished e -> nodeFinished(s, e);
            case NodeFailed e -> nodeFailed(s, e);
            case NodeWaiting e -> nodeWaiting(s, e);
            case Resumed e -> resumed(s, e);
            case Paused e -> {
                s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.WAITING);
                s.pauseReason = e.reason();
            }
            case ExecutionEvent.BreakHit e -> {
                s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.WAITING);
                s.pauseReason = MachineState.BREAKPOINT;
                s.breakHit = e;
            }
            case NodeDeferred e -> nodeDeferred(s, e);
            case Continued e -> continued(s);
            case Crashed e -> crashed(s, e.counted());
            case Canceled e -> cancel(s, e);
            case Finished e -> {
                s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.SUCCESS);
                s.finishedAt = e.at();
            }
        }
    }

    private void start(MachineState s, Started e) {
        s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.RUNNING);
        s.info = e.info();
        s.startedAt = e.at();
        s.startNode = e.startNode();
        s.triggerItems = List.copyOf(e.triggerItems());
        enqueue(s, List.of(newTask(s, e.startNode(), List.of(List.of(SourceRef.TRIGGER)))));
    }

    private void nodeStarted(MachineState s, NodeStarted e) {
        for (Iterator<Task> it = s.ready.iterator(); it.hasNext(); ) {
            Task t = it.next();
            if (t.id() == e.taskId()) {
                it.remove();
                if (s.passedBreak == t.id()) {
                    s.passedBreak = 0;
                }
                Lifecycles.NODE_RUN.move(NodeRunStatus.QUEUED, NodeRunStatus.RUNNING);
                s.running.put(t.id(), t);
                return;
            }
        }
        throw new IllegalStateException("task " + e.taskId() + " (" + e.node() + ") is not ready");
    }

    private void nodeFinished(MachineState s, NodeFinished e) {
        Task task = s.running.remove(e.taskId());
        if (task == null) {
            return; // a late result after cancel or failure: ignored
        }
        Lifecycles.NODE_RUN.move(NodeRunStatus.RUNNING, NodeRunStatus.SUCCESS);
        record(
                s,
                task,
                e.node(),
                new NodeRun(
                        task.id(),
                        NodeRunStatus.SUCCESS,
                        e.startTime(),
                        e.executionTimeMs(),
                        e.outputs(),
                        e.error(),
                        task.inputs(),
                        e.console(),
                        task.tryNumber(),
                        e.cost(),
                        e.subRuns()),
                e.nodeState());
        route(s, e.node(), e.outputs());
    }

    private void nodeFailed(MachineState s, NodeFailed e) {
        Task task = s.running.remove(e.taskId());
        if (task == null) {
            return;
        }
        if (e.retryAt() >= 0) {
            Lifecycles.NODE_RUN.move(NodeRunStatus.RUNNING, NodeRunStatus.QUEUED);
            s.ready.addFirst(task.retry(e.retryAt()));
            return;
        }
        Lifecycles.NODE_RUN.move(NodeRunStatus.RUNNING, NodeRunStatus.ERROR);
        record(
                s,
                task,
                e.node(),
                new NodeRun(
                        task.id(),
                        NodeRunStatus.ERROR,
                        e.startTime(),
                        e.executionTimeMs(),
                        List.of(),
                        e.error(),
                        task.inputs(),
                        e.console(),
                        task.tryNumber(),
                        e.cost(),
                        e.subRuns()),
                null);
        s.error = e.error();
        s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.ERROR);
        s.finishedAt = e.at();
        dropQueued(s);
    }

    private void nodeWaiting(MachineState s, NodeWaiting e) {
        Task task = s.running.remove(e.taskId());
        if (task == null) {
            return;
        }
        Lifecycles.NODE_RUN.move(NodeRunStatus.RUNNING, NodeRunStatus.WAITING);
        if (e.nodeState() != null) {
            s.nodeState.put(e.node(), e.nodeState());
        }
        s.waiting.add(new WaitingRun(task, e.startTime(), e.until(), e.outputs()));
    }

    private void resumed(MachineState s, Resumed e) {
        WaitingRun w = null;
        for (Iterator<WaitingRun> it = s.waiting.iterator(); it.hasNext(); ) {
            WaitingRun candidate = it.next();
            if (candidate.task().node().equals(e.node())) {
                w = candidate;
                it.remove();
                break;
            }
        }
        if (w == null) {
            throw new IllegalStateException("node '" + e.node() + "' is not waiting");
        }
        if (s.status == ExecutionStatus.WAITING) {
            s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.RUNNING);
            s.pauseReason = null;
        }
        Lifecycles.NODE_RUN.move(NodeRunStatus.WAITING, NodeRunStatus.SUCCESS);
        List<List<Item>> outputs = e.outputs() != null ? e.outputs() : w.outputs();
        record(
                s,
                w.task(),
                e.node(),
                new NodeRun(
                        w.task().id(),
                        NodeRunStatus.SUCCESS,
                        w.startTime(),
                        Math.max(0, e.at() - w.startTime()),
                        outputs,
                        null,
                        w.task().inputs(),
                        List.of(),
                        w.task().tryNumber()),
                null);
        route(s, e.node(), outputs);
    }

    /**
     * The worker was lost: in-flight runs go back to the front of the queue, each with the lost
     * try counted (so a node that kills its worker is not retried forever; see NodeInvoker), unless
     * the host broke the run off in order ({@code counted} false).
     */
    private void crashed(MachineState s, boolean counted) {
        s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.CRASHED);
        List<Task> back = new ArrayList<>(s.running.values());
        s.running.clear();
        for (int i = back.size() - 1; i >= 0; i--) {
            Lifecycles.NODE_RUN.move(NodeRunStatus.RUNNING, NodeRunStatus.QUEUED);
            s.ready.addFirst(counted ? back.get(i).crashed() : back.get(i).interrupted());
        }
    }

    private void nodeDeferred(MachineState s, NodeDeferred e) {
        Task task = s.running.remove(e.taskId());
        if (task == null) {
            return;
        }
        Lifecycles.NODE_RUN.move(NodeRunStatus.RUNNING, NodeRunStatus.QUEUED);
        s.ready.addFirst(task.deferred(e.notBefore()));
    }

    /** A parked execution goes on; tasks deferred until an outside resume may start now. */
    private void continued(MachineState s) {
        s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.RUNNING);
        s.pauseReason = null;
        if (s.breakHit != null) {
            // the node held before its start runs this time; a pause after a node has nothing to let through
            s.passedBreak = s.breakHit.after() ? 0 : s.breakHit.taskId();
            s.breakHit = null;
        }
        if (s.ready.stream().anyMatch(t -> t.notBefore() == Long.MAX_VALUE)) {
            List<Task> tasks = new ArrayList<>(s.ready);
            s.ready.clear();
            for (Task t : tasks) {
                s.ready.addLast(t.notBefore() == Long.MAX_VALUE ? t.deferred(0) : t);
            }
        }
    }

    private void cancel(MachineState s, Canceled e) {
        s.status = Lifecycles.EXECUTION.move(s.status, ExecutionStatus.CANCELED);
        s.finishedAt = e.at();
        s.error = ExecutionError.of("execution canceled: " + e.reason(), null, io.hetumind.core.spi.ErrorKind.USER);
        for (int i = 0; i < s.running.size(); i++) {
            Lifecycles.NODE_RUN.move(NodeRunStatus.RUNNING, NodeRunStatus.CANCELED);
        }
        for (int i = 0; i < s.waiting.size(); i++) {
            Lifecycles.NODE_RUN.move(NodeRunStatus.WAITING, NodeRunStatus.CANCELED);
        }
        s.running.clear();
        s.waiting.clear();
        dropQueued(s);
    }

    private static void dropQueued(MachineState s) {
        for (int i = 0; i < s.ready.size(); i++) {
            Lifecycles.NODE_RUN.move(NodeRunStatus.QUEUED, NodeRunStatus.CANCELED);
        }
        s.ready.clear();
        s.pending.clear();
    }

    private void record(
            MachineState s,
            Task task,
            String node,
            NodeRun run,
            com.fasterxml.jackson.databind.node.ObjectNode nodeState) {
        List<NodeRun> runs = s.runData.get(node);
        if (runs == null) { // most nodes run once: an immutable list, until a second run makes it copy-on-write
            s.runOrder.add(node);
            s.runData.put(node, List.of(run));
        } else if (runs instanceof CopyOnWriteArrayList<NodeRun> growing) {
            growing.add(run);
        } else {
            CopyOnWriteArrayList<NodeRun> growing = new CopyOnWriteArrayList<>(runs);
            growing.add(run);
            s.runData.put(node, growing);
        }
        if (nodeState != null) {
            s.nodeState.put(node, nodeState);
        }
        s.lastNodeExecuted = node;
    }

    /** Delivers a finished run's outputs to the connected inputs and queues what became ready. */
    private void route(MachineState s, String node, List<List<Item>> outputs) {
        int from = graph.indexOf(node);
        int runIndex = s.runs(node).size() - 1;
        Task first = null; // the common case, one new task, needs no list
        List<Task> fresh = null;
        for (int out = 0; out < outputs.size(); out++) {
            List<WorkflowGraph.Edge> edges = graph.targets(from, out);
            if (outputs.get(out).isEmpty() || edges.isEmpty()) {
                continue;
            }
            SourceRef ref = new SourceRef(node, runIndex, out);
            for (int e = 0; e < edges.size(); e++) {
                WorkflowGraph.Edge edge = edges.get(e);
                String target = graph.node(edge.node()).name();
                if (graph.inputCount(edge.node()) <= 1) {
                    Task task = newTask(s, target, List.of(List.of(ref)));
                    if (first == null) {
                        first = task;
                    } else {
                        if (fresh == null) {
                            fresh = new ArrayList<>(4);
                            fresh.add(first);
                        }
                        fresh.add(task);
                    }
                } else {
                    List<Deque<SourceRef>> inputs = s.pending.computeIfAbsent(target, k -> newInputs(edge.node()));
                    inputs.get(edge.port()).addLast(ref);
                }
            }
        }
        if (order == Order.DEPTH_FIRST && fresh != null) {
            // n8n's v1 order sorts a finished node's children by canvas position and stacks them: the top one, then
            // the left one, runs first; at the same position the later connection runs first
            java.util.Collections.reverse(fresh);
            fresh.sort(java.util.Comparator.comparingDouble((Task t) -> position(t)[1])
                    .thenComparingDouble(t -> position(t)[0]));
        }
        if (fresh != null) {
            enqueue(s, fresh);
        } else if (first != null) {
            enqueue(s, first);
        }
        List<Task> released = readiness.release(s);
        for (int i = 0; i < released.size(); i++) {
            enqueue(s, released.get(i));
        }
    }

    private double[] position(Task t) {
        return graph.node(graph.indexOf(t.node())).position();
    }

    private List<Deque<SourceRef>> newInputs(int node) {
        List<Deque<SourceRef>> inputs = new ArrayList<>();
        for (int i = 0; i < graph.inputCount(node); i++) {
            inputs.add(new ArrayDeque<>());
        }
        return inputs;
    }

    static Task newTask(MachineState s, String node, List<List<SourceRef>> inputs) {
        return new Task(s.nextTaskId++, node, inputs, 1, 0);
    }

    private void enqueue(MachineState s, Task task) {
        if (order == Order.DEPTH_FIRST) {
            s.ready.addFirst(task);
        } else {
            s.ready.addLast(task);
        }
    }

    private void enqueue(MachineState s, List<Task> tasks) {
        if (order == Order.DEPTH_FIRST) {
            for (int i = tasks.size() - 1; i >= 0; i--) {
                s.ready.addFirst(tasks.get(i));
            }
        } else {
            s.ready.addAll(tasks);
        }
    }

    /** The first queued task that may start now and whose node is not already running. */
    public Task nextRunnable(MachineState s, long now) {
        for (Task t : s.ready) {
            if (t.notBefore() <= now && !isRunning(s, t.node())) {
                return t;
            }
        }
        return null;
    }

    private static boolean isRunning(MachineState s, String node) {
        return s.running.runsNode(node);
    }

    /** Earliest time a queued retry or a timed wait becomes due, or {@code Long.MAX_VALUE}. */
    public long nextDue(MachineState s) {
        return s.nextDue();
    }
}
