package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import java.util.List;
import java.util.UUID;

/**
 * How to run one execution. Built and validated in one place.
 *
 * @param executionId id of the execution (a fresh UUID by default)
 * @param startNode the trigger to start from (the first enabled trigger by default)
 * @param triggerItems the start node's input ({@code [{}]} by default)
 * @param mode manual, trigger, webhook, cli, child … (reported to expressions)
 * @param parallel run independent branches concurrently; false gives the deterministic
 *     sequential order of the workflow's {@code executionOrder}
 * @param maxParallel per-execution bound on concurrently running nodes (0: engine default)
 * @param deadline epoch ms after which no new node starts and the run returns still
 *     {@code WAITING}/deadline (0: none) — Lambda batches use it
 * @param usePinData use pinned outputs instead of running pinned nodes
 * @param parentExecutionId the parent's id for a child execution
 */
public record RunRequest(
        String executionId,
        String startNode,
        List<Item> triggerItems,
        String mode,
        boolean parallel,
        int maxParallel,
        long deadline,
        boolean usePinData,
        String parentExecutionId) {

    public RunRequest {
        executionId = executionId == null ? UUID.randomUUID().toString() : executionId;
        triggerItems = triggerItems == null ? List.of(Item.empty()) : List.copyOf(triggerItems);
        mode = mode == null ? "manual" : mode;
        if (maxParallel < 0) {
            throw new IllegalArgumentException("maxParallel must not be negative");
        }
    }

    public static RunRequest defaults() {
        return new RunRequest(null, null, null, null, true, 0, 0, false, null);
    }

    public RunRequest withExecutionId(String id) {
        return new RunRequest(
                id, startNode, triggerItems, mode, parallel, maxParallel, deadline, usePinData, parentExecutionId);
    }

    public RunRequest withInput(List<Item> items) {
        return new RunRequest(
                executionId, startNode, items, mode, parallel, maxParallel, deadline, usePinData, parentExecutionId);
    }

    public RunRequest sequential() {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                false,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId);
    }

    public RunRequest withDeadline(long epochMs) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                epochMs,
                usePinData,
                parentExecutionId);
    }

    public RunRequest withStartNode(String node) {
        return new RunRequest(
                executionId, node, triggerItems, mode, parallel, maxParallel, deadline, usePinData, parentExecutionId);
    }

    public RunRequest withMode(String newMode) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                newMode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId);
    }

    public RunRequest withPinData(boolean use) {
        return new RunRequest(
                executionId, startNode, triggerItems, mode, parallel, maxParallel, deadline, use, parentExecutionId);
    }

    public RunRequest withParent(String parentId) {
        return new RunRequest(
                executionId, startNode, triggerItems, mode, parallel, maxParallel, deadline, usePinData, parentId);
    }
}
