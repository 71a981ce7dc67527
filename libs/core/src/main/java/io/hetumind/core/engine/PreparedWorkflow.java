package io.hetumind.core.engine;

import io.hetumind.core.engine.internal.Machines;
import io.hetumind.core.model.Workflow;

/** A validated workflow compiled for running ({@link Engine#prepare}); cache one per workflow version. */
public final class PreparedWorkflow {

    private final Workflow workflow;
    private final Machines machines;

    PreparedWorkflow(Workflow workflow, Machines machines) {
        this.workflow = workflow;
        this.machines = machines;
    }

    public Workflow workflow() {
        return workflow;
    }

    public WorkflowGraph graph() {
        return machines.graph();
    }

    Machines machines() {
        return machines;
    }
}
