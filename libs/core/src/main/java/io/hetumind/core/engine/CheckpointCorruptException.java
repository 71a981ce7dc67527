package io.hetumind.core.engine;

/** A stored checkpoint cannot be read back: names the execution and what is wrong. */
public final class CheckpointCorruptException extends RuntimeException {

    private final String executionId;

    public CheckpointCorruptException(String executionId, String message, Throwable cause) {
        super("checkpoint of execution " + executionId + " is corrupt: " + message, cause);
        this.executionId = executionId;
    }

    public String executionId() {
        return executionId;
    }
}
