package io.hetumind.studio.workflow;

import java.util.Optional;
import java.util.UUID;

/** Reads saved workflow versions for executions and triggers; every lookup is scoped to a tenant. */
public interface WorkflowVersions {
    /** One version, if the workflow exists, is the tenant's and has that version. */
    Optional<StoredWorkflow> find(UUID tenantId, UUID workflowId, int version);

    /** The head (latest saved) version, if the workflow exists and is the tenant's. */
    Optional<StoredWorkflow> head(UUID tenantId, UUID workflowId);
}
