package io.hetumind.studio.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * An execution this worker holds: its queue row's identity, the lease (fencing token) it holds it under, how many
 * times it has been claimed (more than once: resume from its checkpoint), its launch document, how long it waited
 * and whether its previous holder broke it off alive ({@code handedBack}: it gave the row back, or was seen after its
 * lease lapsed; what was in flight was interrupted, not lost with a dead worker).
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
        long waitedMs,
        boolean handedBack) {}
