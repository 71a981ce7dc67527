package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run one execution. Built and validated in one place; every {@code with…} returns a copy.
 *
 * @param executionId id of the execution (a fresh UUID v7 by default)
 * @param startNode the trigger to start from (the first enabled trigger by default)
 * @param triggerItems the start node's input ({@code [{}]} by default)
 * @param mode manual, trigger, webhook, schedule, child, retry, error, cli … (recorded; reported
 *     to expressions as {@code $execution.mode})
 * @param parallel run independent branches concurrently; false gives the deterministic
 *     sequential order of the workflow's {@code executionOrder}
 * @param maxParallel per-execution bound on concurrently running nodes (0: engine default)
 * @param deadline epoch ms after which no new node starts and the run returns still
 *     {@code WAITING}/deadline (0: none) — Lambda batches use it; not recorded, per call
 * @param usePinData use pinned outputs instead of running pinned nodes
 * @param parentExecutionId the parent's id for a child execution
 * @param durability how often progress reaches the checkpointer
 * @param services per-run host services nodes reach with {@code ctx.service(type)} (a webhook
 *     responder for this request, this run's binary store …); they win over engine-wide ones
 * @param breakpoints where this call pauses for a debugger ({@link Breakpoints}); not recorded, per call
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
        String parentExecutionId,
        Durability durability,
        Map<Class<?>, Object> services,
        Breakpoints breakpoints) {

    public RunRequest {
        executionId = executionId == null ? Ids.uuidV7() : executionId;
        triggerItems = triggerItems == null ? List.of(Item.empty()) : List.copyOf(triggerItems);
        mode = mode == null ? "manual" : mode;
        durability = durability == null ? Durability.PER_NODE : durability;
        services = services == null ? Map.of() : Map.copyOf(services);
        breakpoints = breakpoints == null ? Breakpoints.NONE : breakpoints;
        if (maxParallel < 0) {
            throw new IllegalArgumentException("maxParallel must not be negative");
        }
        for (var e : services.entrySet()) {
            if (!e.getKey().isInstance(e.getValue())) {
                throw new IllegalArgumentException(
                        "service " + e.getValue() + " is not a " + e.getKey().getName());
            }
        }
    }

    public static RunRequest defaults() {
        return new RunRequest(null, null, null, null, true, 0, 0, false, null, null, null, null);
    }

    /** The options recorded with the execution's start. */
    RunInfo info(String workflowId, int workflowVersion) {
        return new RunInfo(
                mode, parentExecutionId, workflowId, workflowVersion, parallel, maxParallel, usePinData, durability);
    }

    public RunRequest withExecutionId(String id) {
        return new RunRequest(
                id,
                startNode,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId,
                durability,
                services,
                breakpoints);
    }

    public RunRequest withInput(List<Item> items) {
        return new RunRequest(
                executionId,
                startNode,
                items,
                mode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId,
                durability,
                services,
                breakpoints);
    }

    public RunRequest sequential() {
        return withParallel(false);
    }

    public RunRequest withParallel(boolean value) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                value,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId,
                durability,
                services,
                breakpoints);
    }

    public RunRequest withMaxParallel(int value) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                parallel,
                value,
                deadline,
                usePinData,
                parentExecutionId,
                durability,
                services,
                breakpoints);
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
                parentExecutionId,
                durability,
                services,
                breakpoints);
    }

    public RunRequest withStartNode(String node) {
        return new RunRequest(
                executionId,
                node,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId,
                durability,
                services,
                breakpoints);
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
                parentExecutionId,
                durability,
                services,
                breakpoints);
    }

    public RunRequest withPinData(boolean use) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                deadline,
                use,
                parentExecutionId,
                durability,
                services,
                breakpoints);
    }

    public RunRequest withParent(String parentId) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentId,
                durability,
                services,
                breakpoints);
    }

    public RunRequest withDurability(Durability value) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId,
                value,
                services,
                breakpoints);
    }

    public RunRequest withBreakpoints(Breakpoints value) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId,
                durability,
                services,
                value);
    }

    /** Adds a per-run host service (see {@link #services}). */
    public <T> RunRequest withService(Class<T> type, T value) {
        Map<Class<?>, Object> more = new LinkedHashMap<>(services);
        more.put(type, value);
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                mode,
                parallel,
                maxParallel,
                deadline,
                usePinData,
                parentExecutionId,
                durability,
                more,
                breakpoints);
    }

    /** This request's options replaced by those recorded when the execution started. */
    RunRequest recorded(RunInfo info) {
        return new RunRequest(
                executionId,
                startNode,
                triggerItems,
                info.mode(),
                info.parallel(),
                info.maxParallel(),
                deadline,
                info.usePinData(),
                info.parentExecutionId(),
                info.durability(),
                services,
                breakpoints);
    }
}
