package io.hetumind.studio.live;

import java.util.Optional;
import java.util.UUID;

/**
 * Which tenant owns an execution, so a live connection to another tenant's execution is refused at the upgrade. The
 * default ({@link SeenExecutionTenants}) knows the executions this process has heard events of; the executions area
 * may provide one that reads its table (it then replaces the default). Events are filtered by tenant either way, so
 * no event of another tenant's execution ever reaches a connection.
 */
public interface ExecutionTenants {
    /** The owner, if known; empty when the execution is unknown here (not yet started, or never). */
    Optional<UUID> tenantOf(String executionId);
}
