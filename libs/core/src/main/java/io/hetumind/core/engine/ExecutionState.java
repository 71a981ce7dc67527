package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole truth of an execution: status, run data per node, node state, pending inputs of
 * multi-input nodes, the ready queue, in-flight and parked runs. Only {@link ExecutionMachine}
 * changes it, on one thread; run data is safe to read from node threads (immutable runs in
 * copy-on-write lists). Serialised by {@link StateCodec}.
 */
public final class ExecutionState {

    final String executionId;
    /** What the execution was started as; set by its Started event. */
    RunInfo info;

    /** The pause reason of a run held at a breakpoint. */
    public static final String BREAKPOINT = "breakpoint";

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
    final Map<String, List<NodeRun>> runData = new ConcurrentHashMap<>();
    /** Node names in the order they first finished, for stable output. */
    final List<String> runOrder = Collections.synchronizedList(new ArrayList<>());

    /** Read by node threads (expressions see other nodes' context), written by the coordinator. */
    final Map<String, ObjectNode> nodeState = new ConcurrentHashMap<>();

    final Map<String, List<Deque<SourceRef>>> pending = new LinkedHashMap<>();
    final Deque<Task> ready = new ArrayDeque<>();
    final Map<Long, Task> running = new LinkedHashMap<>();
    final List<WaitingRun> waiting = new ArrayList<>();
    String lastNodeExecuted;
    ExecutionError error;

    public ExecutionState(String executionId) {
        this.executionId = executionId;
    }

    public String executionId() {
        return executionId;
    }

    /** What the execution was started as (null before its Started event). */
    public RunInfo info() {
        return info;
    }

    public String workflowId() {
        return info == null ? null : info.workflowId();
    }

    public int workflowVersion() {
        return info == null ? 0 : info.workflowVersion();
    }

    public String mode() {
        return info == null ? "manual" : info.mode();
    }

    public String parentExecutionId() {
        return info == null ? null : info.parentExecutionId();
    }

    public ExecutionStatus status() {
        return status;
    }

    /** Why a {@code WAITING} execution is parked: {@code wait}, {@code pause} or {@code deadline}. */
    /** The node a run paused at a breakpoint is held at, or null when it is not. */
    public String breakNode() {
        return breakHit == null ? null : breakHit.node();
    }

    /** Whether the run is held after its {@link #breakNode()} finished (false: before it starts). */
    public boolean breakAfter() {
        return breakHit != null && breakHit.after();
    }

    public String pauseReason() {
        return pauseReason;
    }

    public long startedAt() {
        return startedAt;
    }

    public long finishedAt() {
        return finishedAt;
    }

    /** Number of events applied; checkpoints use it to order journal and snapshot. */
    public long seq() {
        return seq;
    }

    public String lastNodeExecuted() {
        return lastNodeExecuted;
    }

    public ExecutionError error() {
        return error;
    }

    /** Runs of a node, oldest first; empty when it never ran. */
    public List<NodeRun> runs(String node) {
        List<NodeRun> runs = runData.get(node);
        return runs == null ? List.of() : runs;
    }

    /** Names of nodes that ran, in order of their first run. */
    public List<String> executedNodes() {
        synchronized (runOrder) {
            return List.copyOf(runOrder);
        }
    }

    public List<WaitingRun> waiting() {
        return List.copyOf(waiting);
    }

    public boolean hasWork() {
        return !ready.isEmpty() || !running.isEmpty();
    }

    /** Node runs in flight (started, not yet finished). */
    public List<Task> runningTasks() {
        return List.copyOf(running.values());
    }

    /**
     * When a parked ({@code WAITING}) execution should be woken: the earliest queued retry or
     * timed wait (the pause time for a deadline stop); -1 when only an outside call resumes it
     * (a webhook wait, a pause) or when it is not parked.
     */
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

    public ObjectNode nodeState(String node) {
        return nodeState.get(node);
    }
}
