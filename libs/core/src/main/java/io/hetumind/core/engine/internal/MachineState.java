package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunInfo;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WaitingRun;
import io.hetumind.core.model.Item;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The machine's {@link ExecutionState}: status, run data per node, node state, pending inputs of
 * multi-input nodes, the ready queue, in-flight and parked runs. Only {@link ExecutionMachine}
 * changes it, on one thread; run data is safe to read from node threads (immutable runs in
 * copy-on-write lists). Serialised by {@link StateCodec}.
 */
public final class MachineState implements ExecutionState {

    final String executionId;
    /** What the execution was started as; set by its Started event. */
    RunInfo info;

    ExecutionStatus status = ExecutionStatus.NEW;
    String pauseReason;
    /** Where the run is held while paused at a breakpoint (null otherwise). */
    ExecutionEvent.BreakHit breakHit;
    /** The task released from its before-breakpoint by the last resume: it starts without pausing again (0: none). */
    long passedBreak;

    long startedAt;
    long finishedAt;
    long seq;
    long nextTaskId = 1;
    String startNode;
    List<Item> triggerItems = List.of();
    /** Per node: an immutable list while it ran once, a copy-on-write list from its second run on. */
    final Map<String, List<NodeRun>> runData;
    /** Node names in the order they first finished, for stable output. */
    final List<String> runOrder = Collections.synchronizedList(new ArrayList<>());

    /** Read by node threads (expressions see other nodes' context), written by the coordinator. */
    final Map<String, ObjectNode> nodeState = new ConcurrentHashMap<>(4);

    final Map<String, List<Deque<SourceRef>>> pending = new LinkedHashMap<>();
    final Deque<Task> ready = new ArrayDeque<>();
    final RunningTasks running = new RunningTasks();
    final List<WaitingRun> waiting = new ArrayList<>();
    String lastNodeExecuted;
    ExecutionError error;

    public MachineState(String executionId) {
        this(executionId, 16);
    }

    /** A state sized for a workflow of {@code nodes} nodes, so recording their runs never grows its tables. */
    public MachineState(String executionId, int nodes) {
        this.executionId = executionId;
        this.runData = new ConcurrentHashMap<>(Math.max(16, nodes));
    }

    @Override
    public String executionId() {
        return executionId;
    }

    /** What the execution was started as (null before its Started event). */
    @Override
    public RunInfo info() {
        return info;
    }

    @Override
    public String workflowId() {
        return info == null ? null : info.workflowId();
    }

    @Override
    public int workflowVersion() {
        return info == null ? 0 : info.workflowVersion();
    }

    @Override
    public String mode() {
        return info == null ? "manual" : info.mode();
    }

    @Override
    public String parentExecutionId() {
        return info == null ? null : info.parentExecutionId();
    }

    @Override
    public ExecutionStatus status() {
        return status;
    }

    /** The node a run paused at a breakpoint is held at, or null when it is not. */
    @Override
    public String breakNode() {
        return breakHit == null ? null : breakHit.node();
    }

    /** Whether the run is held after its {@link #breakNode()} finished (false: before it starts). */
    @Override
    public boolean breakAfter() {
        return breakHit != null && breakHit.after();
    }

    @Override
    public String pauseReason() {
        return pauseReason;
    }

    @Override
    public long startedAt() {
        return startedAt;
    }

    @Override
    public long finishedAt() {
        return finishedAt;
    }

    /** Number of events applied; checkpoints use it to order journal and snapshot. */
    @Override
    public long seq() {
        return seq;
    }

    @Override
    public String lastNodeExecuted() {
        return lastNodeExecuted;
    }

    @Override
    public ExecutionError error() {
        return error;
    }

    /** Runs of a node, oldest first; empty when it never ran. */
    @Override
    public List<NodeRun> runs(String node) {
        List<NodeRun> runs = runData.get(node);
        return runs == null ? List.of() : runs;
    }

    /** Names of nodes that ran, in order of their first run. */
    @Override
    public List<String> executedNodes() {
        synchronized (runOrder) {
            return List.copyOf(runOrder);
        }
    }

    @Override
    public List<WaitingRun> waiting() {
        return List.copyOf(waiting);
    }

    @Override
    public boolean hasWork() {
        return !ready.isEmpty() || !running.isEmpty();
    }

    /** Node runs in flight (started, not yet finished). */
    @Override
    public List<Task> runningTasks() {
        return List.copyOf(running.values());
    }

    /**
     * When a parked ({@code WAITING}) execution should be woken: the earliest queued retry or
     * timed wait (the pause time for a deadline stop); -1 when only an outside call resumes it
     * (a webhook wait, a pause) or when it is not parked.
     */
    @Override
    public long wakeAt() {
        if (status != ExecutionStatus.WAITING || "pause".equals(pauseReason) || BREAKPOINT.equals(pauseReason)) {
            return -1;
        }
        long due = nextDue();
        return due == Long.MAX_VALUE ? -1 : due;
    }

    /** Earliest time a queued task or a timed wait becomes due, or {@code Long.MAX_VALUE}. */
    long nextDue() {
        long due = Long.MAX_VALUE;
        for (Task t : ready) {
            due = Math.min(due, t.notBefore());
        }
        for (WaitingRun w : waiting) {
            if (w.until() >= 0) {
                due = Math.min(due, w.until());
            }
        }
        return due;
    }

    @Override
    public ObjectNode nodeState(String node) {
        return nodeState.get(node);
    }

    @Override
    public String toJson() {
        return StateCodec.write(this);
    }

    /** The machine's own state behind {@code state}; every state the engine hands out is one. */
    public static MachineState of(ExecutionState state) {
        if (state instanceof MachineState m) {
            return m;
        }
        throw new IllegalArgumentException(
                "not a state of this engine: " + state.getClass().getName());
    }

    /** Where a paused run is held, or null. */
    public ExecutionEvent.BreakHit breakHit() {
        return breakHit;
    }

    /** The task released from its before-breakpoint by the last resume (0: none). */
    public long passedBreak() {
        return passedBreak;
    }

    /** Queued tasks, in queue order (a copy). */
    public List<Task> readyTasks() {
        return List.copyOf(ready);
    }

    /** The live node state map (the host may keep references in it). */
    public Map<String, ObjectNode> nodeStates() {
        return nodeState;
    }

    /**
     * A state rebuilt from a host's store: what a node run reads (other nodes' run data, its own node state, the
     * trigger items) and what a run data view renders. It has no queue: never apply events to it.
     */
    public static MachineState view(
            String executionId,
            RunInfo info,
            ExecutionStatus status,
            String pauseReason,
            long startedAt,
            long finishedAt,
            String startNode,
            List<Item> triggerItems,
            String lastNodeExecuted,
            ExecutionError error,
            Map<String, List<NodeRun>> runs,
            Map<String, ObjectNode> nodeState) {
        MachineState s = new MachineState(executionId);
        s.info = info;
        s.status = status;
        s.pauseReason = pauseReason;
        s.startedAt = startedAt;
        s.finishedAt = finishedAt;
        s.startNode = startNode;
        s.triggerItems = triggerItems == null ? List.of() : List.copyOf(triggerItems);
        runs.forEach((node, list) -> {
            s.runData.put(node, new CopyOnWriteArrayList<>(list));
            s.runOrder.add(node);
        });
        s.nodeState.putAll(nodeState);
        s.lastNodeExecuted = lastNodeExecuted;
        s.error = error;
        return s;
    }
}
