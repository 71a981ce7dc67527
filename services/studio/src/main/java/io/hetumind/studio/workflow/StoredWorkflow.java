package io.hetumind.studio.workflow;

import io.hetumind.core.model.Workflow;
import java.util.UUID;

/**
 * One saved version of a tenant's workflow, as executions and triggers see it.
 *
 * @param active whether the workflow is active now (its head version is what its triggers run)
 * @param ownerId the user (or API key) that created the workflow; trigger runs resolve credentials as this owner (null:
 *     unknown, tenant-wide credentials only)
 */
public record StoredWorkflow(
        UUID tenantId, UUID workflowId, int version, String name, boolean active, Workflow workflow, UUID ownerId) {

    public StoredWorkflow(UUID tenantId, UUID workflowId, int version, String name, boolean active, Workflow workflow) {
        this(tenantId, workflowId, version, name, active, workflow, null);
    }
}
