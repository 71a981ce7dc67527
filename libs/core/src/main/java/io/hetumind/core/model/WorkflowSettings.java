package io.hetumind.core.model;

/**
 * Execution settings of a workflow. {@code executionOrder} is n8n's: {@code v1} runs each branch depth-first, {@code v0}
 * breadth-first; it only matters in sequential mode.
 *
 * <p>{@code timeoutMs}: 0 when unset (the host's default applies), -1 for "no timeout" even where the host has a
 * default (n8n's {@code executionTimeout: -1}), else the limit in milliseconds.
 *
 * <p>The saving settings are n8n's and are applied by the host that records executions (the engine ignores them);
 * {@code null} means the host's default (n8n's {@code "DEFAULT"}): {@code saveDataSuccessExecution} and {@code
 * saveDataErrorExecution} are {@code "all"} or {@code "none"}, {@code saveManualExecutions} keeps manual runs, {@code
 * saveExecutionProgress} keeps each node's progress (else only the end is stored).
 */
public record WorkflowSettings(
        long timeoutMs,
        String errorWorkflow,
        String timezone,
        int concurrency,
        String executionOrder,
        String saveDataSuccessExecution,
        String saveDataErrorExecution,
        Boolean saveManualExecutions,
        Boolean saveExecutionProgress) {

    public static final WorkflowSettings DEFAULT = new WorkflowSettings(0, null, "UTC", 0, "v1");

    public WorkflowSettings {
        timezone = timezone == null || timezone.isBlank() ? "UTC" : timezone;
        executionOrder = executionOrder == null ? "v1" : executionOrder;
    }

    /** Settings without saving preferences (the host's defaults apply). */
    public WorkflowSettings(
            long timeoutMs, String errorWorkflow, String timezone, int concurrency, String executionOrder) {
        this(timeoutMs, errorWorkflow, timezone, concurrency, executionOrder, null, null, null, null);
    }

    public WorkflowSettings withExecutionOrder(String order) {
        return new WorkflowSettings(
                timeoutMs,
                errorWorkflow,
                timezone,
                concurrency,
                order,
                saveDataSuccessExecution,
                saveDataErrorExecution,
                saveManualExecutions,
                saveExecutionProgress);
    }

    public WorkflowSettings withTimeoutMs(long timeout) {
        return new WorkflowSettings(
                timeout,
                errorWorkflow,
                timezone,
                concurrency,
                executionOrder,
                saveDataSuccessExecution,
                saveDataErrorExecution,
                saveManualExecutions,
                saveExecutionProgress);
    }
}
