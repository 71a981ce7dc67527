package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.CheckpointCorruptException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionEvent.Started;
import io.hetumind.core.engine.ExecutionNotFoundException;
import io.hetumind.core.engine.RunInfo;
import io.hetumind.core.engine.WorkflowMismatchException;
import io.hetumind.core.model.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rebuilds an execution state from a checkpoint, read-only: the latest snapshot plus the journal
 * replayed through the machine. A checkpoint that cannot be read back is a {@link
 * CheckpointCorruptException} naming the execution, never a bare stack trace.
 */
public final class Recovery {

    /** The rebuilt state and the version the next commit must be based on. */
    public record Recovered(MachineState state, Checkpointer.Version version, long snapshotSeq) {}

    private Recovery() {}

    public static Recovered recover(
            Checkpointer checkpointer, Workflow workflow, Machines machines, String executionId) {
        Checkpointer.Checkpoint cp =
                checkpointer.load(executionId).orElseThrow(() -> new ExecutionNotFoundException(executionId));
        MachineState state = cp.snapshotJson() == null ? new MachineState(executionId) : snapshot(cp, executionId);
        List<ExecutionEvent> events = new ArrayList<>(cp.events().size());
        for (Checkpointer.Entry entry : cp.events()) {
            try {
                events.add(EventCodec.read(entry.json()));
            } catch (RuntimeException e) {
                throw new CheckpointCorruptException(
                        executionId, "event " + entry.seq() + " cannot be read (" + e.getMessage() + ")", e);
            }
        }
        RunInfo info = state.info != null
                ? state.info
                : !events.isEmpty() && events.getFirst() instanceof Started s ? s.info() : null;
        if (info == null) {
            throw new CheckpointCorruptException(executionId, "it has no start event", null);
        }
        checkWorkflow(executionId, info, workflow);
        ExecutionMachine machine = machines.of(info.parallel());
        for (int i = 0; i < events.size(); i++) {
            try {
                machine.apply(state, events.get(i));
            } catch (RuntimeException e) {
                long seq = cp.events().get(i).seq();
                throw new CheckpointCorruptException(
                        executionId,
                        "event " + seq + " (" + events.get(i).getClass().getSimpleName() + ") does not apply: "
                                + e.getMessage(),
                        e);
            }
        }
        return new Recovered(state, cp.version(), cp.snapshotSeq());
    }

    private static MachineState snapshot(Checkpointer.Checkpoint cp, String executionId) {
        MachineState state;
        try {
            state = StateCodec.read(cp.snapshotJson());
        } catch (RuntimeException e) {
            throw new CheckpointCorruptException(
                    executionId, "its snapshot cannot be read (" + e.getMessage() + ")", e);
        }
        if (!executionId.equals(state.executionId()) || state.seq() != cp.snapshotSeq()) {
            throw new CheckpointCorruptException(
                    executionId,
                    "its snapshot belongs to execution " + state.executionId() + " at seq " + state.seq(),
                    null);
        }
        return state;
    }

    private static void checkWorkflow(String executionId, RunInfo info, Workflow workflow) {
        String id = workflow.id();
        int version = workflow.version();
        if (!Objects.equals(info.workflowId(), id) || info.workflowVersion() != version) {
            throw new WorkflowMismatchException(
                    "execution " + executionId + " was started with workflow " + describe(info.workflowId())
                            + " version " + info.workflowVersion() + ", not " + describe(id) + " version "
                            + version + "; resume it with the workflow it started with");
        }
    }

    private static String describe(String id) {
        return id == null ? "(no id)" : "'" + id + "'";
    }
}
