package io.hetumind.core.model;

/**
 * Execution settings of a workflow. {@code executionOrder} is n8n's: {@code v1} runs each
 * branch depth-first, {@code v0} breadth-first; it only matters in sequential mode.
 */
public record WorkflowSettings(
        long timeoutMs, String errorWorkflow, String timezone, int concurrency, String executionOrder) {

    public static final WorkflowSettings DEFAULT = new WorkflowSettings(0, null, "UTC", 0, "v1");

    public WorkflowSettings {
        timezone = timezone == null || timezone.isBlank() ? "UTC" : timezone;
        executionOrder = executionOrder == null ? "v1" : executionOrder;
    }
}
