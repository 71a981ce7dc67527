package io.hetumind.core.engine;

/** A resume named a workflow (id or version) other than the one the execution started with. */
public final class WorkflowMismatchException extends IllegalArgumentException {

    public WorkflowMismatchException(String message) {
        super(message);
    }
}
