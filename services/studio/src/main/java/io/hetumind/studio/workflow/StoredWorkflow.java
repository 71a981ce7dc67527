package io.hetumind.studio.workflow;

import io.hetumind.core.model.Workflow;
import java.util.UUID;

/**
 * One saved version of a tenant's workflow, as executions and triggers see it.
 *
 * @param active whether the workflow is active now (its head version is what its triggers run)
 */
public record StoredWorkflow(
        UUID tenantId, UUID workflowId, int version, String name, boolean active, Workflow workflow) {}
