package io.hetumind.studio.execution;

import java.time.Instant;
import java.util.UUID;

/** One execution record as stored; {@code data} (gzip of the runData JSON) only when read with it. */
public record ExecutionRow(
        UUID id,
        Instant createdAt,
        UUID tenantId,
        UUID workflowId,
        int workflowVersion,
        String mode,
        String status,
        UUID startedBy,
        UUID retryOf,
        Instant startedAt,
        Instant finishedAt,
        Instant waitTill,
        String lastNode,
        String errorMessage,
        String launchJson,
        byte[] data,
        String customDataJson) {}
