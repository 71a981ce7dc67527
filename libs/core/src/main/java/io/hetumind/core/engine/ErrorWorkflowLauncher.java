package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;

/**
 * A per-run host service ({@link RunRequest#services()}) for hosts that record error-workflow runs as executions of
 * their own (the studio queues them like any other run). When a run fails and its workflow names an error workflow,
 * the engine hands the launcher the reference and n8n's Error Trigger item instead of starting the run itself.
 */
public interface ErrorWorkflowLauncher {

    /**
     * Starts {@code errorWorkflow} (a reference as written in {@code settings.errorWorkflow}) with {@code errorItem} as
     * its Error Trigger's output; false when the reference names no workflow this run may reach.
     */
    boolean launch(String errorWorkflow, Workflow failed, Item errorItem);
}
