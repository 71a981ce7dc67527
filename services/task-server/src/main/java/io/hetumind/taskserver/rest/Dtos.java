package io.hetumind.taskserver.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request and response bodies of the REST API (camelCase, like the rest of Hetumind's HTTP APIs). */
public final class Dtos {
    private Dtos() {}

    /** A new job. Timeouts and backoff are in milliseconds. */
    public record JobRequest(
            @NotBlank
                    @Size(max = 200)
                    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._ -]*", message = "letters, digits, ., -, _ or space")
                    String name,
            @NotBlank
                    @Size(max = 100)
                    @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "must be lower-case letters, digits, ., - or _")
                    String namespace,
            @NotBlank @Size(max = 4096) String command,
            @Size(max = 200) List<@Size(max = 8192) String> args,
            @Size(max = 200) Map<@Size(max = 256) String, @Size(max = 8192) String> env,
            @Size(max = 4096) String workingDir,
            @Min(100) @Max(604_800_000) Long timeoutMs,
            @Min(0) @Max(100) Integer maxRetries,
            @Min(0) @Max(3_600_000) Long retryBackoffMs,
            @Min(0) @Max(10_000) Integer maxConcurrency,
            @Size(max = 64) Map<@Size(max = 100) String, @Size(max = 200) String> labels,
            @Size(max = 2000) @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String notifyUrl) {}

    /**
     * A one-off run ({@code POST /api/v1/runs}): what a job would say, without a name, retries, concurrency limit or
     * failure webhook. Timeout in milliseconds (default one hour).
     */
    public record RunRequest(
            @NotBlank
                    @Size(max = 100)
                    @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "must be lower-case letters, digits, ., - or _")
                    String namespace,
            @NotBlank @Size(max = 4096) String command,
            @Size(max = 200) List<@Size(max = 8192) String> args,
            @Size(max = 200) Map<@Size(max = 256) String, @Size(max = 8192) String> env,
            @Size(max = 4096) String workingDir,
            @Min(100) @Max(604_800_000) Long timeoutMs,
            @Size(max = 64) Map<@Size(max = 100) String, @Size(max = 200) String> labels) {}

    /**
     * A new schedule of a job; which fields matter depends on {@code kind}. {@code pinnedAgent} (cron and daemon only):
     * the agent that plans and fires it itself, also while cut off from the servers; {@code misfire} ({@code skip},
     * the default, or {@code once}): what that agent does with fire times it missed while it was down.
     */
    public record ScheduleRequest(
            @NotBlank
                    @Pattern(
                            regexp = "cron|time|daemon|event|flow",
                            message = "must be cron, time, daemon, event or flow")
                    String kind,
            @Size(max = 200) String cron,
            @Size(max = 64) String timeZone,
            Instant runAt,
            @Size(max = 50) List<UUID> afterJobs,
            UUID pinnedAgent,
            @Pattern(regexp = "skip|once", message = "must be skip or once") String misfire) {
        /** A schedule nobody pinned. */
        public ScheduleRequest(String kind, String cron, String timeZone, Instant runAt, List<UUID> afterJobs) {
            this(kind, cron, timeZone, runAt, afterJobs, null, null);
        }
    }

    /** A pin's move: the agent that fires the schedule from now on, or null for the server's planner. */
    public record PinRequest(UUID pinnedAgent) {}

    /** A log line as served. */
    public record LogLine(long seq, String stream, String line, Instant at) {}

    /** A page of log lines; {@code nextAfter} continues it, {@code complete} when the instance ended and all is here. */
    public record LogPage(List<LogLine> lines, long nextAfter, boolean complete) {}

    /** A task with its attempts. */
    public record TaskView(
            UUID id,
            UUID jobId,
            UUID scheduleId,
            String trigger,
            Instant fireAt,
            List<io.hetumind.taskserver.model.Instance> instances) {}

    /** Repairs made (or, with {@code repair=false}, proposed) by the consistency check. */
    public record ConsistencyReport(List<UUID> stuckOnDeadAgents, List<UUID> stuckOnUnknownAgents, boolean repaired) {}
}
