package io.hetumind.executor.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The activities of an execution workflow: one node try, and recording the resume of a parked run. */
@ActivityInterface
public interface NodeActivities {

    @ActivityMethod(name = "RunNode")
    StepOutcome runNode(StepInput input);

    @ActivityMethod(name = "RecordResume")
    void recordResume(ResumeInput input);
}
