package io.hetumind.core.engine.internal;

import static io.hetumind.core.engine.ExecutionStatus.CANCELED;
import static io.hetumind.core.engine.ExecutionStatus.CRASHED;
import static io.hetumind.core.engine.ExecutionStatus.ERROR;
import static io.hetumind.core.engine.ExecutionStatus.NEW;
import static io.hetumind.core.engine.ExecutionStatus.RUNNING;
import static io.hetumind.core.engine.ExecutionStatus.SUCCESS;
import static io.hetumind.core.engine.ExecutionStatus.WAITING;

import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.NodeRunStatus;

/** The transition tables of an execution and of one node run; the machine moves only along them. */
public final class Lifecycles {

    public static final TransitionTable<ExecutionStatus> EXECUTION = TransitionTable.of(ExecutionStatus.class)
            .from(NEW, RUNNING, CANCELED)
            .from(RUNNING, SUCCESS, ERROR, CANCELED, WAITING, CRASHED)
            .from(WAITING, RUNNING, CANCELED)
            .from(CRASHED, RUNNING, CANCELED)
            .build();

    public static final TransitionTable<NodeRunStatus> NODE_RUN = TransitionTable.of(NodeRunStatus.class)
            .from(NodeRunStatus.QUEUED, NodeRunStatus.RUNNING, NodeRunStatus.CANCELED)
            // back to QUEUED: a retry after a failed try, or a crash/pause before it finished
            .from(
                    NodeRunStatus.RUNNING,
                    NodeRunStatus.SUCCESS,
                    NodeRunStatus.ERROR,
                    NodeRunStatus.WAITING,
                    NodeRunStatus.QUEUED,
                    NodeRunStatus.CANCELED)
            .from(NodeRunStatus.WAITING, NodeRunStatus.SUCCESS, NodeRunStatus.CANCELED)
            .build();

    private Lifecycles() {}
}
