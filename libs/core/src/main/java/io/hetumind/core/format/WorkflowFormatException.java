package io.hetumind.core.format;

/** A workflow file could not be read: the message names the line and column or JSON path. */
public class WorkflowFormatException extends RuntimeException {

    public WorkflowFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public WorkflowFormatException(String message) {
        super(message);
    }
}
