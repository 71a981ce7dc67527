package io.hetumind.studio.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * An execution this worker holds: its queue row's identity, the lease (fencing token) it holds it under, how many
 * times it has been claimed (more than once: resume from its checkpoint) and its launch document.
 */
public record Claimed(
        UUID id,
        Instant createdAt,
        UUID tenantId,
        UUID workflowId,
        int workflowVersion,
        long lease,
        int claims,
        String launchJson,
        long waitedMs) {}
