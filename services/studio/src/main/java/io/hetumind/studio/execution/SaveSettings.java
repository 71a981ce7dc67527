package io.hetumind.studio.execution;

import io.hetumind.core.model.WorkflowSettings;

/**
 * What to keep of one execution, from its workflow's settings and the studio's defaults (n8n's semantics): a manual
 * execution is kept when {@code manual}, whatever its outcome; any other is kept when it succeeded and {@code success},
 * or ended otherwise (error, canceled, timed out) and {@code error}. A waiting execution is always kept. An execution
 * not kept still runs to its end and answers its caller; its record and checkpoint are deleted when it ends.
 *
 * @param progress whether each node's progress is stored (else only the end)
 */
public record SaveSettings(boolean success, boolean error, boolean manual, boolean progress) {

    static SaveSettings of(WorkflowSettings s, ExecutionsConfig defaults) {
        return new SaveSettings(
                s.saveDataSuccessExecution() == null
                        ? defaults.saveDataSuccessExecution() == ExecutionsConfig.Save.all
                        : "all".equals(s.saveDataSuccessExecution()),
                s.saveDataErrorExecution() == null
                        ? defaults.saveDataErrorExecution() == ExecutionsConfig.Save.all
                        : "all".equals(s.saveDataErrorExecution()),
                s.saveManualExecutions() == null ? defaults.saveManualExecutions() : s.saveManualExecutions(),
                s.saveExecutionProgress() == null ? defaults.saveExecutionProgress() : s.saveExecutionProgress());
    }

    /** Whether an execution of {@code mode} that ended with {@code status} (wire name) keeps its record. */
    boolean keeps(String mode, String status) {
        if ("waiting".equals(status)) {
            return true;
        }
        if ("manual".equals(mode)) {
            return manual;
        }
        return "success".equals(status) ? success : error;
    }
}
