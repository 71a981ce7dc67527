package io.hetumind.executor.temporal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
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

    /** The execution as it stands (status, run index), for a host showing a running execution. */
    @QueryMethod(name = "progress")
    RunSummary progress();
}
