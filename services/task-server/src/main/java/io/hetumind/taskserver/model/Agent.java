package io.hetumind.taskserver.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An agent as last seen: its offer (with the {@code capabilities} of its last register), connection state, admin mode,
 * host metrics, and its pinned-schedule set's version ({@code scheduleVersion}) against the one it acknowledged.
 */
public record Agent(
        UUID id,
        String namespace,
        String name,
        Map<String, String> labels,
        String os,
        int maxConcurrency,
        String state,
        String mode,
        UUID serverId,
        Instant connectedAt,
        Instant lastHeartbeatAt,
        Double cpuLoad,
        Long memoryUsed,
        Long memoryTotal,
        Long diskFree,
        int running,
        java.util.List<String> capabilities,
        long scheduleVersion,
        long scheduleAckedVersion) {}
