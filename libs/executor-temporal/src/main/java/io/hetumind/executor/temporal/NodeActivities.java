package io.hetumind.executor.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The activities of an execution workflow: one node try, recording the resume of a parked run, and keeping and reading
 * what a generation hands on when the workflow continues as new.
 */
@ActivityInterface
public interface NodeActivities {

    @ActivityMethod(name = "RunNode")
    StepOutcome runNode(StepInput input);

    @ActivityMethod(name = "RecordResume")
    void recordResume(ResumeInput input);

    @ActivityMethod(name = "PutContinuation")
    void putContinuation(String executionId, int generation, String json);

    @ActivityMethod(name = "ReadContinuation")
    String readContinuation(String executionId, int generation);
}
