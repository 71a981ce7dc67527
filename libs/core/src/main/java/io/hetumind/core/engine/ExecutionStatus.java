package io.hetumind.core.engine;

/** The lifecycle of an execution; the engine's transition table declares the allowed moves. */
public enum ExecutionStatus {
    NEW,
    RUNNING,
    /** Parked: a Wait node, a paused run, or a batch that ran out of time. */
    WAITING,
    SUCCESS,
    ERROR,
    CANCELED,
    /** The worker running it was lost; it is resumed from its last checkpoint. */
    CRASHED;

    public boolean terminal() {
        return this == SUCCESS || this == ERROR || this == CANCELED;
    }

    public String wire() {
        return name().toLowerCase();
    }
}
