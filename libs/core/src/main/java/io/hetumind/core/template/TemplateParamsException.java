package io.hetumind.core.template;

import io.hetumind.core.validate.Problem;
import java.util.List;

/**
 * Instantiation refused: each problem names the parameter ({@code $.params.NAME}) and says what is wrong
 * ({@code unknown-parameter}, {@code wrong-type}, {@code missing-parameter}), or, for a template that does not pass
 * {@link TemplateValidator}, that template's own problems.
 */
public class TemplateParamsException extends RuntimeException {
    private final transient List<Problem> problems;

    public TemplateParamsException(String message, List<Problem> problems) {
        super(message + ": " + problems.getFirst());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
