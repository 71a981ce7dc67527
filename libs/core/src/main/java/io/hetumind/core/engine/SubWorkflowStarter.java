package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import java.util.List;

/**
 * A per-run host service ({@link RunRequest#services()}) for hosts that record sub-workflows started without waiting
 * (Execute Workflow with {@code waitForSubWorkflow: false}) as executions of their own: the studio queues them, so
 * such a child survives the process that started it and shows in the executions list. Without one, the engine runs
 * the child on a thread of its own in this process ({@link SubWorkflowRunner#start}).
 */
public interface SubWorkflowStarter {

    /**
     * Starts the workflow {@code reference} names (resolved as {@link WorkflowResolver} would) with {@code input} as its
     * trigger's output, and returns once the start is recorded; a reference that names no workflow this run may reach is
     * a {@link io.hetumind.core.spi.NodeException}, as for a child the node waits for.
     */
    void start(String reference, List<Item> input);
}
