package io.hetumind.core.expr;

/** A template failed to compile or evaluate; the message says why, the engine adds where. */
public class ExpressionException extends RuntimeException {

    private final String expression;

    public ExpressionException(String message, String expression, Throwable cause) {
        super(message, cause);
        this.expression = expression;
    }

    public ExpressionException(String message, String expression) {
        this(message, expression, null);
    }

    /** The offending template text. */
    public String expression() {
        return expression;
    }
}
