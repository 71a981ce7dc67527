package io.hetumind.core.engine;

import io.hetumind.core.model.Workflow;

/** A validated workflow compiled for running; cache one per workflow version. */
public record PreparedWorkflow(Workflow workflow, ExecutionMachine sequential, ExecutionMachine parallel) {

    public WorkflowGraph graph() {
        return parallel.graph();
    }

    ExecutionMachine machine(boolean parallelRun) {
        return parallelRun ? parallel : sequential;
    }
}
