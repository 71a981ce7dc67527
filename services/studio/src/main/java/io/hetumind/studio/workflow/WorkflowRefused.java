package io.hetumind.studio.workflow;

import io.hetumind.core.validate.ValidationReport;
import io.hetumind.platform.problem.Problem;
import io.hetumind.platform.problem.ProblemException;
import java.util.List;

/**
 * A 400 carrying the validator's report: each finding becomes one {@code errors} entry whose {@code field} is its
 * JSON path in the workflow document and whose message names the node and the stable code, e.g.
 * {@code {"field":"$.nodes[2].type","message":"[Fetch] unknown node type 'x.y' (unknown-type)"}}.
 */
public class WorkflowRefused extends ProblemException {
    public WorkflowRefused(String detail, ValidationReport report) {
        super(400, "invalid-workflow", "Invalid workflow", detail, errors(report), null);
    }

    static List<Problem.FieldError> errors(ValidationReport report) {
        return report.problems().stream()
                .map(p -> new Problem.FieldError(
                        p.path(),
                        (p.node() == null ? "" : "[" + p.node() + "] ") + p.message() + " (" + p.code() + ")"))
                .toList();
    }
}
