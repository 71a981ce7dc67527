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

    /**
     * Starts like {@link #start(String, List)}, once per {@code key}: a start whose key was started before returns
     * without starting another execution. A backend that may run a node's try again after it started a child (a worker
     * lost after the start, Temporal) names each start by values that are the same on every repeat of that try, and
     * {@code at} is a time equally stable (when the try was first scheduled), which a host may stamp the child with. A
     * host that keeps no keys starts again, as {@link #start(String, List)} does.
     */
    default void start(String reference, List<Item> input, String key, long at) {
        start(reference, input);
    }
}
