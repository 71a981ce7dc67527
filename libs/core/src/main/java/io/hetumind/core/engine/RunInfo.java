package io.hetumind.core.engine;

/**
 * What an execution was started as, recorded in its {@link ExecutionEvent.Started} event so a
 * recovered run keeps it: a recovered webhook run is still a webhook run, a sequential run stays
 * sequential, and resuming it with another workflow version is refused.
 *
 * @param mode manual, webhook, trigger, schedule, child, retry, error, cli … ({@code $execution.mode})
 * @param parentExecutionId the parent's id for a child execution, else null
 * @param workflowId the workflow's id (null for an unsaved file)
 * @param workflowVersion the workflow's version
 * @param parallel whether independent branches run concurrently
 * @param maxParallel per-execution bound on running nodes (0: engine default)
 * @param usePinData whether pinned outputs replace running pinned nodes
 * @param durability how often progress is committed
 */
public record RunInfo(
        String mode,
        String parentExecutionId,
        String workflowId,
        int workflowVersion,
        boolean parallel,
        int maxParallel,
        boolean usePinData,
        Durability durability) {

    public RunInfo {
        mode = mode == null ? "manual" : mode;
        durability = durability == null ? Durability.PER_NODE : durability;
    }
}
