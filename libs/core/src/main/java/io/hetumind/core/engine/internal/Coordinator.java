package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionEvent.Canceled;
import io.hetumind.core.engine.ExecutionEvent.Finished;
import io.hetumind.core.engine.ExecutionEvent.NodeStarted;
import io.hetumind.core.engine.ExecutionEvent.Paused;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.NodeCost;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WaitingRun;
import io.hetumind.core.engine.WorkflowGraph;
import io.hetumind.core.model.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Drives one run call of an execution: asks the machine what is runnable, runs nodes inline or
 * on virtual threads within the per-execution and global limits, applies their events, hands
 * them to the {@link Journal} and the listeners. Runs on the thread that calls {@link #run()}.
 */
public final class Coordinator {

    private final EngineServices services;
    private final ExecutionMachine machine;
    private final MachineState state;
    private final RunRequest request;
    private final Control control;
    private final Semaphore global;
    private final NodeInvoker invoker;
    private final Journal journal;
    private final EventBus bus;
    private final boolean durabilityPerEffect;
    private final Map<Long, Thread> inflight = new HashMap<>();
    /** A breakpoint reached: nothing more starts, and the run pauses there once what is in flight has finished. */
    private ExecutionEvent.BreakHit pendingBreak;

    private long justNow = -1; // the end of the node that just ran inline, taken as the time now by the loop

    public Coordinator(
            EngineServices services,
            ExecutionMachine machine,
            MachineState state,
            RunRequest request,
            Control control,
            Semaphore global,
            Map<Class<?>, Object> runServices,
            Journal journal,
            EventBus bus) {
        this.services = services;
        this.machine = machine;
        this.state = state;
        this.request = request;
        this.control = control;
        this.global = global;
        this.journal = journal;
        this.bus = bus;
        this.durabilityPerEffect = request.durability() == Durability.PER_EFFECT;
        String executionId = state.executionId();
        this.invoker = new NodeInvoker(services, machine.graph(), request.usePinData(), runServices, e -> {
            if (bus.wants(executionId)) {
                bus.publish(List.of(e));
            }
        });
    }

    public void apply(ExecutionEvent event) {
        if (control.abandoned()) {
            throw abandoned();
        }
        boolean listened = bus.wants(state.executionId());
        Task task = listened ? taskOf(event) : null;
        String effect = durabilityPerEffect ? ExecutionEvent.outcomeNode(event) : null;
        machine.apply(state, event);
        journal.record(state, event);
        if (effect != null && !replaySafe(effect)) {
            journal.effectRecorded();
        }
        if (state.status().terminal() || event instanceof Paused || event instanceof ExecutionEvent.BreakHit) {
            journal.settle(state);
        }
        if (event instanceof ExecutionEvent.NodeFinished f
                && pendingBreak == null
                && request.breakpoints().pausesAfter(f.node())) {
            pendingBreak = new ExecutionEvent.BreakHit(f.at(), f.taskId(), f.node(), true);
        }
        if (listened) {
            bus.publish(RunEvents.of(state, event, task));
        }
    }

    /** Whether a node may run again without effects outside the execution: replay-safe, or pinned in this run. */
    private boolean replaySafe(String name) {
        WorkflowGraph graph = machine.graph();
        return graph.replaySafe(name)
                || (request.usePinData() && graph.workflow().pinData().containsKey(name));
    }

    private Task taskOf(ExecutionEvent event) {
        return switch (event) {
            case NodeStarted e ->
                state.ready.stream()
                        .filter(t -> t.id() == e.taskId())
                        .findFirst()
                        .orElse(null);
            case ExecutionEvent.NodeFinished e -> state.running.get(e.taskId());
            case ExecutionEvent.NodeFailed e -> state.running.get(e.taskId());
            case ExecutionEvent.NodeWaiting e -> state.running.get(e.taskId());
            case ExecutionEvent.NodeDeferred e -> state.running.get(e.taskId());
            default -> null;
        };
    }

    public ExecutionResult run() {
        int limit = !request.parallel()
                ? 1
                : request.maxParallel() > 0
                        ? request.maxParallel()
                        : machine.graph().workflow().settings().concurrency() > 0
                                ? machine.graph().workflow().settings().concurrency()
                                : services.defaultParallelism();
        boolean owner = true;
        try {
            loop(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (control.abandoned()) {
                owner = false;
                throw abandoned();
            }
            if (!state.status().terminal()) {
                apply(new Canceled(services.clock().millis(), "interrupted"));
            }
        } catch (CheckpointConflictException e) {
            owner = false;
            throw e;
        } catch (RuntimeException e) {
            if (control.abandoned()) {
                // whatever broke once the host let go (an interrupted commit), the run was abandoned
                owner = false;
                throw abandoned();
            }
            throw e;
        } finally {
            inflight.values().forEach(Thread::interrupt);
            if (owner && !control.abandoned()) {
                journal.end(state);
            } else {
                journal.abandon();
            }
        }
        return new ExecutionResult(state);
    }

    private CheckpointConflictException abandoned() {
        return new CheckpointConflictException(
                state.executionId(), "abandoned: its host lost its hold on it, and another owner goes on");
    }

    private void loop(int limit) throws InterruptedException {
        long timeout = machine.graph().workflow().settings().timeoutMs();
        // the workflow's timeout counts from the execution's start, across every run call
        long timeoutAt = timeout > 0 ? state.startedAt() + timeout : Long.MAX_VALUE;
        long parkAfter = services.parkAfterMs();
        while (!state.status().terminal()) {
            if (control.abandoned()) {
                throw abandoned();
            }
            // after a node ran inline, its end is the time now: a clock read is tens of nanoseconds on a VM
            long now = justNow >= 0 ? justNow : services.clock().millis();
            justNow = -1;
            if (control.canceled() || now >= timeoutAt) {
                String reason = control.canceled()
                        ? control.cancelReason()
                        : "timed out after " + timeout + " ms (the workflow's execution timeout)";
                apply(new Canceled(now, reason));
                return;
            }
            resumeDueWaits(now);
            boolean stop = control.pauseRequested()
                    || (request.deadline() > 0 && now >= request.deadline())
                    || pendingBreak != null;
            if (!stop && dispatch(limit, now)) {
                continue; // an inline run changed the state: look again
            }
            if (state.status().terminal()) {
                return;
            }
            if (inflight.isEmpty()) {
                if (pendingBreak != null) {
                    ExecutionEvent.BreakHit hit = pendingBreak;
                    pendingBreak = null;
                    apply(new ExecutionEvent.BreakHit(now, hit.taskId(), hit.node(), hit.after()));
                    return;
                }
                if (stop && (state.hasWork() || !state.waiting.isEmpty())) {
                    apply(new Paused(now, control.pauseRequested() ? "pause" : "deadline"));
                    return;
                }
                if (!state.hasWork() && state.waiting.isEmpty()) {
                    apply(new Finished(now));
                    return;
                }
                // nothing may start now: sleep until it may, or park when that is far off
                long due = machine.nextDue(state);
                if (due == Long.MAX_VALUE
                        || due - now > parkAfter
                        || (request.deadline() > 0 && due > request.deadline())) {
                    apply(new Paused(now, "wait"));
                    return;
                }
            }
            long due = Math.min(machine.nextDue(state), request.deadline() > 0 ? request.deadline() : Long.MAX_VALUE);
            due = Math.min(due, timeoutAt);
            long waitMs = due == Long.MAX_VALUE
                    ? 60_000
                    : Math.max(1, due - services.clock().millis());
            if (inflight.isEmpty()) {
                journal.idle(state); // the run sleeps until a timer: what it did so far need not wait longer
            }
            Object msg = control.inbox.poll(waitMs, TimeUnit.MILLISECONDS);
            if (msg instanceof ExecutionEvent event) {
                receive(event);
            }
        }
    }

    private void receive(ExecutionEvent event) {
        long taskId =
                switch (event) {
                    case ExecutionEvent.NodeFinished e -> e.taskId();
                    case ExecutionEvent.NodeFailed e -> e.taskId();
                    case ExecutionEvent.NodeWaiting e -> e.taskId();
                    case ExecutionEvent.NodeDeferred e -> e.taskId();
                    default -> -1;
                };
        if (inflight.remove(taskId) != null && !control.canceled()) {
            apply(event);
        }
    }

    private void resumeDueWaits(long now) {
        if (state.waiting.isEmpty()) {
            return;
        }
        for (WaitingRun w : List.copyOf(state.waiting)) {
            if (w.until() >= 0 && w.until() <= now) {
                apply(new Resumed(now, w.task().node(), null));
            }
        }
    }

    /** Starts what may run; returns true when a node ran inline (the state moved on). */
    private boolean dispatch(int limit, long now) throws InterruptedException {
        List<Task> batch = new ArrayList<>(Math.min(limit, 8));
        while (inflight.size() + batch.size() < limit) {
            Task task = machine.nextRunnable(state, now);
            if (task == null) {
                break;
            }
            if (task.id() != state.passedBreak && request.breakpoints().pausesBefore(task.node())) {
                pendingBreak = new ExecutionEvent.BreakHit(now, task.id(), task.node(), false);
                break;
            }
            apply(new NodeStarted(now, task.id(), task.node()));
            batch.add(task);
        }
        if (batch.isEmpty()) {
            return false;
        }
        // their start is durable before any of them runs (PER_EFFECT: unless all may run again unseen)
        journal.nodesStarting(state, durabilityPerEffect && batch.stream().allMatch(t -> replaySafe(t.node())));
        boolean inline = batch.size() == 1
                && inflight.isEmpty()
                && (!request.parallel() || state.ready.isEmpty())
                && !(services.profileNodes() && Thread.currentThread().isVirtual());
        if (inline) {
            Task task = batch.getFirst();
            List<List<Item>> inputs = NodeInvoker.resolveInputs(state, task);
            ExecutionEvent result;
            boolean waited = acquire();
            try {
                result = invoke(task, inputs, priorState(task), waited ? -1 : now);
            } finally {
                release();
            }
            if (control.canceled()) {
                Thread.interrupted(); // the interrupt was for the node, not for us
                apply(new Canceled(services.clock().millis(), control.cancelReason()));
                return false;
            }
            apply(result);
            justNow = result.at();
            return true;
        }
        for (Task task : batch) {
            launch(task);
        }
        return false;
    }

    /**
     * The engine-wide limit bounds top-level node runs; a sub-workflow runs inside the permit of
     * its parent's node (taking another could deadlock a small limit).
     */
    private boolean acquire() throws InterruptedException {
        if ("child".equals(state.mode()) || global.tryAcquire()) {
            return false;
        }
        global.acquire();
        return true; // it waited for a permit
    }

    private void release() {
        if (!"child".equals(state.mode())) {
            global.release();
        }
    }

    private ObjectNode priorState(Task task) {
        ObjectNode prior = state.nodeState(task.node());
        return prior == null ? null : prior.deepCopy();
    }

    /** Runs a node; a profiling engine also measures what it cost its thread. */
    private ExecutionEvent invoke(Task task, List<List<Item>> inputs, ObjectNode prior, long startedAt) {
        if (!services.profileNodes()) {
            return invoker.invoke(state, task, inputs, prior, control, startedAt);
        }
        long[] before = NodeCosts.sample();
        ExecutionEvent result = invoker.invoke(state, task, inputs, prior, control, startedAt);
        NodeCost cost = NodeCosts.since(before);
        return cost == null ? result : NodeCosts.attach(result, cost);
    }

    private void launch(Task task) throws InterruptedException {
        List<List<Item>> inputs = NodeInvoker.resolveInputs(state, task);
        ObjectNode copy = priorState(task);
        acquire();
        // a profiling engine runs nodes on platform threads: the JVM keeps no CPU or allocation counts for virtual ones
        Thread.Builder threads = services.profileNodes() ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        Thread t = threads.name("hetumind-" + task.node()).unstarted(() -> {
            ExecutionEvent result;
            try {
                result = invoke(task, inputs, copy, -1);
            } catch (Throwable e) {
                long at = services.clock().millis();
                result = new ExecutionEvent.NodeFailed(
                        at, task.id(), task.node(), at, 0, NodeInvoker.toError(task.node(), e), List.of(), -1);
            }
            try {
                control.inbox.add(result);
            } finally {
                release();
            }
        });
        inflight.put(task.id(), t);
        t.start();
    }
}
