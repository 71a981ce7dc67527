package io.hetumind.core.engine;

import io.hetumind.core.validate.ValidationReport;

/** A workflow failed validation; the report lists every problem. */
public class WorkflowInvalidException extends RuntimeException {

    private final transient ValidationReport report;

    public WorkflowInvalidException(ValidationReport report) {
        super("workflow is invalid:\n" + report);
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
