package io.hetumind.studio.template;

import io.hetumind.core.validate.Problem;
import io.hetumind.platform.problem.ProblemException;
import java.util.List;

/** Template findings as problem+json: each becomes an {@code errors} entry whose {@code field} is its JSON path. */
final class TemplateProblems {
    private TemplateProblems() {}

    static ProblemException refused(String detail, List<Problem> problems) {
        return new ProblemException(400, "invalid-template", "Invalid template", detail, fieldErrors(problems), null);
    }

    static List<io.hetumind.platform.problem.Problem.FieldError> fieldErrors(List<Problem> problems) {
        return problems.stream()
                .map(p -> new io.hetumind.platform.problem.Problem.FieldError(
                        p.path(),
                        (p.node() == null ? "" : "[" + p.node() + "] ") + p.message() + " (" + p.code() + ")"))
                .toList();
    }
}
