package io.hetumind.core.engine;

import java.util.List;

/** Rebuilds an execution state from a checkpoint: the latest snapshot plus the journal replayed. */
final class Recovery {

    private Recovery() {}

    static ExecutionState recover(
            Checkpointer checkpointer, PreparedWorkflow wf, String executionId, boolean parallel) {
        Checkpointer.Checkpoint cp = checkpointer
                .load(executionId)
                .orElseThrow(() -> new IllegalArgumentException("no checkpoint for execution '" + executionId + "'"));
        ExecutionState state = cp.snapshotJson() != null
                ? StateCodec.read(cp.snapshotJson())
                : new ExecutionState(
                        executionId, wf.workflow().id(), wf.workflow().version(), "manual", null);
        ExecutionMachine machine = wf.machine(parallel);
        List<String> events = cp.eventsAfterSnapshot();
        for (int i = 0; i < events.size(); i++) {
            ExecutionEvent event;
            try {
                event = EventCodec.read(events.get(i));
            } catch (RuntimeException e) {
                if (i == events.size() - 1) {
                    break; // a torn final line: the event never completed
                }
                throw new IllegalStateException("corrupt journal of execution " + executionId + " at event " + i, e);
            }
            machine.apply(state, event);
        }
        return state;
    }
}
