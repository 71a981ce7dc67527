package io.hetumind.taskserver.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** When a job runs: {@code cron} (with time zone), {@code time} (once), {@code daemon}, {@code event}, {@code flow}. */
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
        Instant createdAt) {}
