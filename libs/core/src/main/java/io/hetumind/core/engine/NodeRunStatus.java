package io.hetumind.core.engine;

/** The lifecycle of one node run (a task); {@link #TABLE} declares the allowed moves. */
public enum NodeRunStatus {
    QUEUED,
    RUNNING,
    SUCCESS,
    ERROR,
    WAITING,
    CANCELED;

    public static final TransitionTable<NodeRunStatus> TABLE = TransitionTable.of(NodeRunStatus.class)
            .from(QUEUED, RUNNING, CANCELED)
            // back to QUEUED: a retry after a failed try, or a crash/pause before it finished
            .from(RUNNING, SUCCESS, ERROR, WAITING, QUEUED, CANCELED)
            .from(WAITING, SUCCESS, CANCELED)
            .build();

    public String wire() {
        return name().toLowerCase();
    }
}
