package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import java.util.List;

/**
 * Runs a child execution to completion for a node (Execute Workflow); nodes obtain it with
 * {@code ctx.service(SubWorkflowRunner.class)}.
 */
public interface SubWorkflowRunner {

    /** Resolves {@code reference} through the engine's {@link WorkflowResolver} and runs it. */
    ExecutionResult run(String reference, List<Item> input);

    /** Runs a workflow given inline. */
    ExecutionResult run(Workflow workflow, List<Item> input);
}
