package io.hetumind.core.engine;

/**
 * A write was based on a version of the execution that another owner has since advanced: this
 * owner must stop working on it (its in-flight node may have run once more, nothing else).
 */
public final class CheckpointConflictException extends RuntimeException {

    private final String executionId;

    public CheckpointConflictException(String executionId, String message) {
        super("execution " + executionId + ": " + message);
        this.executionId = executionId;
    }

    public String executionId() {
        return executionId;
    }
}
