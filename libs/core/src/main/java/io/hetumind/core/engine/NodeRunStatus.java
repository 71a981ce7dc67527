package io.hetumind.core.engine;

/** The lifecycle of one node run (a task); the engine's transition table declares the allowed moves. */
public enum NodeRunStatus {
    QUEUED,
    RUNNING,
    SUCCESS,
    ERROR,
    WAITING,
    CANCELED;

    public String wire() {
        return name().toLowerCase();
    }
}
