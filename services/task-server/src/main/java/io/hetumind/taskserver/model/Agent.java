package io.hetumind.taskserver.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An agent as last seen: its offer, connection state, admin mode and host metrics. */
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
        int running) {}
