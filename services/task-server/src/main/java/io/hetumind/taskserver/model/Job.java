package io.hetumind.taskserver.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job: what to run, how (timeout, retries, concurrency) and where (namespace, required agent labels). An
 * {@code ephemeral} job is the carrier of one one-off run ({@code POST /api/v1/runs}): not listed, pruned after it
 * ended.
 */
public record Job(
        UUID id,
        UUID tenantId,
        String namespace,
        String name,
        String command,
        List<String> args,
        Map<String, String> env,
        String workingDir,
        long timeoutMs,
        int maxRetries,
        long retryBackoffMs,
        int maxConcurrency,
        Map<String, String> labels,
        String notifyUrl,
        Instant createdAt,
        boolean ephemeral) {}
