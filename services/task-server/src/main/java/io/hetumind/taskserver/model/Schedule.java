package io.hetumind.taskserver.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * When a job runs: {@code cron} (with time zone), {@code time} (once), {@code daemon}, {@code event}, {@code flow}. A
 * cron or daemon schedule with a {@code pinnedAgent} is planned and fired by that agent alone ({@code misfire}: what
 * it does with fire times it missed while down, {@code skip} or {@code once}); the leader never plans it.
 */
public record Schedule(
        UUID id,
        UUID jobId,
        String kind,
        String cron,
        String timeZone,
        Instant runAt,
        List<UUID> afterJobs,
        boolean enabled,
        Instant plannedUntil,
        Instant lastFiredAt,
        Instant createdAt,
        UUID pinnedAgent,
        String misfire) {}
