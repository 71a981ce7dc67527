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
    final String workflowId;
    final int workflowVersion;
    final String mode;
    final String parentExecutionId;
    ExecutionStatus status = ExecutionStatus.NEW;
    String pauseReason;
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

    public ExecutionState(
            String executionId, String workflowId, int workflowVersion, String mode, String parentExecutionId) {
        this.executionId = executionId;
        this.workflowId = workflowId;
        this.workflowVersion = workflowVersion;
        this.mode = mode == null ? "manual" : mode;
        this.parentExecutionId = parentExecutionId;
    }

    public String executionId() {
        return executionId;
    }

    public String workflowId() {
        return workflowId;
    }

    public int workflowVersion() {
        return workflowVersion;
    }

    public String mode() {
        return mode;
    }

    public String parentExecutionId() {
        return parentExecutionId;
    }

    public ExecutionStatus status() {
        return status;
    }

    /** Why a {@code WAITING} execution is parked: {@code wait}, {@code pause} or {@code deadline}. */
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

    /** Ready tasks (excluding in-flight ones), in dispatch order. */
    public List<Task> readyTasks() {
        return List.copyOf(ready);
    }

    public ObjectNode nodeState(String node) {
        return nodeState.get(node);
    }
}
