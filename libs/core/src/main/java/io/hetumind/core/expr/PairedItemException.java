package io.hetumind.core.expr;

/**
 * An item reference ({@code $('Node').item}, {@code .itemMatching(i)}, {@code .pairedItem()}) that n8n's
 * WorkflowDataProxy cannot resolve, with n8n's own message: the node fails with it as it stands. {@code codeMessage}
 * is what n8n says instead inside a Code node (its {@code functionOverrides}).
 *
 * <p>A {@link Kind#TYPE_ERROR} is where n8n's resolution stumbles on a JavaScript TypeError instead (every pairing
 * leads past a node with no input, e.g. to the other branch of a Merge): an expression then has no value (n8n's
 * expression evaluator turns a TypeError into null) and user code gets the TypeError.
 */
public final class PairedItemException extends ExpressionException {

    /** An n8n ExpressionError, or the TypeError n8n's resolution runs into. */
    public enum Kind {
        EXPRESSION_ERROR,
        TYPE_ERROR
    }

    private final Kind kind;
    private final String codeMessage;
    private final String description;

    public PairedItemException(Kind kind, String message, String codeMessage, String description) {
        super(message, null);
        this.kind = kind;
        this.codeMessage = codeMessage == null ? message : codeMessage;
        this.description = description;
    }

    /** n8n's {@code ExpressionError} with one message everywhere. */
    public static PairedItemException error(String message, String description) {
        return new PairedItemException(Kind.EXPRESSION_ERROR, message, null, description);
    }

    /** The TypeError n8n's resolution throws: no value in an expression. */
    public static PairedItemException typeError(String message) {
        return new PairedItemException(Kind.TYPE_ERROR, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The message n8n gives when the reference is made in a Code node. */
    public String codeMessage() {
        return codeMessage;
    }

    /** n8n's description (or what its description key says), or null. */
    public String description() {
        return description;
    }
}
