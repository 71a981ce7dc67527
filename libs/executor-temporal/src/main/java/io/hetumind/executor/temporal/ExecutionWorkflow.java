package io.hetumind.executor.temporal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One Hetumind execution as a Temporal workflow: its code drives the engine's state machine. */
@WorkflowInterface
public interface ExecutionWorkflow {

    @WorkflowMethod(name = "HetumindExecution")
    RunSummary run(ExecutionInput input);

    /** Resumes a node waiting for the outside (webhook resume of a Wait). */
    @SignalMethod(name = "resume")
    void resume(ResumeSignal signal);

    /**
     * Returns once a node of the execution has answered the webhook request that started it (Respond to Webhook; the
     * answer is in the run-data store), true, or once the run has ended without one, false. A run that parks and
     * resumes before it answers keeps the caller waiting through the park.
     */
    @UpdateMethod(name = "awaitResponse")
    boolean awaitResponse();

    /**
     * As {@link #awaitResponse}, and also returns ({@link AnswerState#HANDED_ON}) when this run continues as new before
     * an answer came or the run ended, so a long run never waits on its caller to continue: the caller asks the newest
     * run again. Hosts call this one; {@code awaitResponse} stays for runs (and histories) that recorded it, and a run
     * does not continue as new while one of those waits.
     */
    @UpdateMethod(name = "awaitAnswer")
    AnswerState awaitAnswer();

    /**
     * A debugger's command ({@link DebugCommand}): go on from a breakpoint or pause, change the breakpoints, or pause.
     * Returns once the workflow has applied it: true when it released a held run (or, for a pause, held none yet),
     * false when there was nothing to do (a {@code continue} of a run not held, a command to an ended run).
     */
    @UpdateMethod(name = "debug")
    boolean debug(DebugCommand command);

    /** The execution as it stands (status, run index), for a host showing a running execution. */
    @QueryMethod(name = "progress")
    RunSummary progress();
}
