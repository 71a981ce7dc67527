package io.hetumind.core.engine;

/** No checkpoint exists for the execution asked for. */
public final class ExecutionNotFoundException extends IllegalArgumentException {

    private final String executionId;

    public ExecutionNotFoundException(String executionId) {
        super("no checkpoint for execution '" + executionId + "'");
        this.executionId = executionId;
    }

    public String executionId() {
        return executionId;
    }
}
