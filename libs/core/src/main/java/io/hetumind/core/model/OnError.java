package io.hetumind.core.model;

/** What the engine does when a node fails after its last try. */
public enum OnError {
    /** The execution fails. */
    STOP("stop"),
    /** The node's input passes through on its first output; the error is recorded. */
    CONTINUE("continue"),
    /** Failed items go to an extra last output named {@code error}. */
    ERROR_OUTPUT("errorOutput");

    private final String wire;

    OnError(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses Hetumind's and n8n's spellings; {@code null} for an unknown value. */
    public static OnError parse(String value) {
        if (value == null) {
            return STOP;
        }
        return switch (value) {
            case "stop", "stopWorkflow" -> STOP;
            case "continue", "continueRegularOutput" -> CONTINUE;
            case "errorOutput", "continueErrorOutput" -> ERROR_OUTPUT;
            default -> null;
        };
    }
}
