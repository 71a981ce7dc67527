package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The whole truth of an execution, read-only: status, run data per node, node state, the queue of
 * node runs, in-flight and parked runs. Only the engine's state machine changes it, by applying
 * events; run data is safe to read from any thread.
 */
public interface ExecutionState {

    /** The pause reason of a run held at a breakpoint. */
    String BREAKPOINT = "breakpoint";

    String executionId();

    /** What the execution was started as (null before its Started event). */
    RunInfo info();

    String workflowId();

    int workflowVersion();

    String mode();

    String parentExecutionId();

    ExecutionStatus status();

    /** The node a run paused at a breakpoint is held at, or null when it is not. */
    String breakNode();

    /** Whether the run is held after its {@link #breakNode()} finished (false: before it starts). */
    boolean breakAfter();

    /** Why a {@code WAITING} execution is parked: {@code wait}, {@code pause}, {@code deadline} or {@link #BREAKPOINT}. */
    String pauseReason();

    long startedAt();

    long finishedAt();

    /** Number of events applied; checkpoints use it to order journal and snapshot. */
    long seq();

    String lastNodeExecuted();

    ExecutionError error();

    /** Runs of a node, oldest first; empty when it never ran. */
    List<NodeRun> runs(String node);

    /** Names of nodes that ran, in order of their first run. */
    List<String> executedNodes();

    List<WaitingRun> waiting();

    boolean hasWork();

    /** Node runs in flight (started, not yet finished). */
    List<Task> runningTasks();

    /**
     * When a parked ({@code WAITING}) execution should be woken: the earliest queued retry or
     * timed wait (the pause time for a deadline stop); -1 when only an outside call resumes it
     * (a webhook wait, a pause) or when it is not parked.
     */
    long wakeAt();

    ObjectNode nodeState(String node);

    /** The state as the engine checkpoints it (compact JSON). */
    String toJson();
}
