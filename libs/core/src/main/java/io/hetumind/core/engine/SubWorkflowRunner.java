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

    /**
     * Starts the workflow {@code reference} names without waiting for it (Execute Workflow with
     * {@code waitForSubWorkflow: false}). By default it runs on a thread of its own here, its outcome seen by nobody;
     * a host with a {@link SubWorkflowStarter} records it as an execution of its own instead.
     */
    default void start(String reference, List<Item> input) {
        Thread.ofVirtual().name("hetumind-subworkflow").start(() -> run(reference, input));
    }

    /** Starts a workflow given inline without waiting for it, on a thread of its own here. */
    default void start(Workflow workflow, List<Item> input) {
        Thread.ofVirtual().name("hetumind-subworkflow").start(() -> run(workflow, input));
    }
}
