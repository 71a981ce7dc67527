package io.hetumind.studio.trigger;

import io.hetumind.studio.workflow.StoredWorkflow;
import java.util.UUID;

/**
 * Registers and removes what makes an active workflow run by itself: its production webhooks and its schedules. Called
 * by the workflow API inside the transaction that activates, deactivates, updates or deletes a workflow, so a failure
 * (a webhook path another active workflow holds: 409) leaves nothing changed.
 */
public interface Triggers {
    /** Registers the triggers of {@code workflow} (its head version), replacing any it had. */
    void activate(StoredWorkflow workflow);

    /** Removes every trigger of the workflow; a no-op if it had none. */
    void deactivate(UUID tenantId, UUID workflowId);
}
