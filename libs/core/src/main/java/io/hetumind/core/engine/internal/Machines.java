package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.WorkflowGraph;

/** The two state machines of a prepared workflow: its own order (sequential runs) and parallel. */
public record Machines(ExecutionMachine sequential, ExecutionMachine parallel) {

    public ExecutionMachine of(boolean parallelRun) {
        return parallelRun ? parallel : sequential;
    }

    public WorkflowGraph graph() {
        return parallel.graph();
    }
}
