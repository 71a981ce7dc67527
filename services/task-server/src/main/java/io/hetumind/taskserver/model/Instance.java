package io.hetumind.taskserver.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One attempt of a task on one agent. */
public record Instance(
        UUID id,
        String namespace,
        UUID jobId,
        UUID taskId,
        int attempt,
        String status,
        Map<String, String> labels,
        Instant readyAt,
        UUID agentId,
        Instant dispatchedAt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        Long cpuTimeMs,
        Long maxRssKb,
        String message,
        boolean cancelRequested,
        Instant createdAt) {}
