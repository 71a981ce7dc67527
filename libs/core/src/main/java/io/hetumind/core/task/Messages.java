package io.hetumind.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Payloads of the agent protocol, one record per {@link Kind}; field names travel in snake_case. */
public final class Messages {
    private Messages() {}

    /**
     * What an agent offers; a protocol version the server does not speak is refused. {@code capabilities} (protocol 2)
     * names optional behaviours the agent has, {@link Protocol#HELD_DISPATCH}, {@link Protocol#TRACE_CONTEXT} and
     * {@link Protocol#LOCAL_SCHEDULES}.
     */
    public record Register(
            int protocolVersion,
            String name,
            Map<String, String> labels,
            String os,
            int maxConcurrency,
            List<UUID> runningInstances,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> capabilities) {
        /** A register without capabilities (what a protocol 1 agent sends). */
        public Register(
                int protocolVersion,
                String name,
                Map<String, String> labels,
                String os,
                int maxConcurrency,
                List<UUID> runningInstances) {
            this(protocolVersion, name, labels, os, maxConcurrency, runningInstances, null);
        }

        public boolean can(String capability) {
            return capabilities != null && capabilities.contains(capability);
        }
    }

    /** The agent's stable id and how often the server wants a heartbeat. */
    public record Registered(UUID agentId, UUID serverId, long heartbeatIntervalMs, long ackTimeoutMs) {}

    /** Host metrics and the instances running now. */
    public record Heartbeat(
            double cpuLoad, long memoryUsedBytes, long memoryTotalBytes, long diskFreeBytes, int running) {}

    /** Commands the server has for the agent: {@code drain} (take no new work), {@code resume}, {@code disable}. */
    public record HeartbeatReply(List<String> commands) {}

    /** Ask for up to {@code slots} instances; the server answers with a {@code task_dispatch}, possibly empty. */
    public record AcquireTask(int slots) {}

    /** The instances this agent must run now. */
    public record TaskDispatch(List<Dispatch> instances) {}

    /**
     * One instance to run: the job's command and how to run it. Only to agents that announced the capability:
     * {@code notBefore} (epoch millis) is the instant the agent starts it by its own clock (the instance was claimed
     * ahead of its ready time, {@link Protocol#HELD_DISPATCH}); {@code traceparent} is the W3C trace context of the
     * server's dispatch span, the parent of the agent's run span ({@link Protocol#TRACE_CONTEXT}). Both are left out
     * of the JSON when null, so a protocol 1 agent never sees them.
     */
    public record Dispatch(
            UUID instanceId,
            UUID jobId,
            String jobName,
            int attempt,
            String command,
            List<String> args,
            Map<String, String> env,
            String workingDir,
            long timeoutMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long notBefore,
            @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent) {
        public Dispatch(
                UUID instanceId,
                UUID jobId,
                String jobName,
                int attempt,
                String command,
                List<String> args,
                Map<String, String> env,
                String workingDir,
                long timeoutMs) {
            this(instanceId, jobId, jobName, attempt, command, args, env, workingDir, timeoutMs, null, null);
        }

        /** This dispatch as sent to one agent: held until {@code notBefore}, traced under {@code traceparent}. */
        public Dispatch with(Long notBefore, String traceparent) {
            return new Dispatch(
                    instanceId,
                    jobId,
                    jobName,
                    attempt,
                    command,
                    args,
                    env,
                    workingDir,
                    timeoutMs,
                    notBefore,
                    traceparent);
        }
    }

    /**
     * A change of one instance: {@code started}, {@code log} (lines from {@code seq} on), {@code succeeded},
     * {@code failed}, {@code timed_out} or {@code canceled}. A log update carries its lines either as {@code lines} or,
     * compressed, as {@code lines_gz} (protocol 2); {@link Protocol#decode} inflates the latter into {@code lines}.
     *
     * <p>A run the agent fired itself from a pinned schedule ({@link Protocol#LOCAL_SCHEDULES}) carries
     * {@code schedule_id}, {@code fire_at} (epoch ms) and {@code attempt} on every update but log chunks: the server
     * creates its task and instance from the first such update it sees (the instance id is {@link FireIds}'s). All
     * three are left out of the JSON when null.
     */
    public record InstanceUpdate(
            UUID instanceId,
            String event,
            Long firstSeq,
            List<LogLine> lines,
            Integer exitCode,
            Long cpuTimeMs,
            Long maxRssKb,
            String message,
            Long at,
            @JsonInclude(JsonInclude.Include.NON_NULL) String linesGz,
            @JsonInclude(JsonInclude.Include.NON_NULL) UUID scheduleId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long fireAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt) {
        /** An update without compressed lines. */
        public InstanceUpdate(
                UUID instanceId,
                String event,
                Long firstSeq,
                List<LogLine> lines,
                Integer exitCode,
                Long cpuTimeMs,
                Long maxRssKb,
                String message,
                Long at) {
            this(instanceId, event, firstSeq, lines, exitCode, cpuTimeMs, maxRssKb, message, at, null);
        }

        /** An update of a run the server dispatched (no local fire). */
        public InstanceUpdate(
                UUID instanceId,
                String event,
                Long firstSeq,
                List<LogLine> lines,
                Integer exitCode,
                Long cpuTimeMs,
                Long maxRssKb,
                String message,
                Long at,
                String linesGz) {
            this(
                    instanceId,
                    event,
                    firstSeq,
                    lines,
                    exitCode,
                    cpuTimeMs,
                    maxRssKb,
                    message,
                    at,
                    linesGz,
                    null,
                    null,
                    null);
        }

        /** A log update whose lines travel compressed ({@code lines_gz}: base64 of {@link LogChunks#gzip}). */
        public static InstanceUpdate compressedLog(UUID instanceId, long firstSeq, List<LogLine> lines, long at) {
            return new InstanceUpdate(
                    instanceId, "log", firstSeq, null, null, null, null, null, at, LogChunks.gzipBase64(lines));
        }

        /** This update as part of a local fire: the pinned schedule, its fire time and the attempt. */
        public InstanceUpdate fired(UUID scheduleId, long fireAt, int attempt) {
            return new InstanceUpdate(
                    instanceId,
                    event,
                    firstSeq,
                    lines,
                    exitCode,
                    cpuTimeMs,
                    maxRssKb,
                    message,
                    at,
                    linesGz,
                    scheduleId,
                    fireAt,
                    attempt);
        }

        /** Whether it names a local fire of a pinned schedule. */
        public boolean localFire() {
            return scheduleId != null;
        }
    }

    /**
     * server → agent ({@link Protocol#LOCAL_SCHEDULES}): the agent's <b>whole</b> set of pinned schedules, replacing
     * the one it has. {@code version} grows with every change of the set (a per-agent counter); an agent keeps the
     * highest version it stored and acknowledges an older one without applying it.
     */
    public record ScheduleSync(long version, List<PinnedSchedule> schedules) {}

    /**
     * One schedule the agent plans and fires itself: {@code kind} {@code cron} (with {@code cron} and
     * {@code time_zone}) or {@code daemon}; {@code misfire} {@code skip} or {@code once} (what an agent that was down
     * does with fire times it missed); and what a run needs: the job's command, arguments, environment, working
     * directory, timeout and retry policy (attempts after the first, backoff doubling from {@code retry_backoff_ms}).
     */
    public record PinnedSchedule(
            UUID scheduleId,
            UUID jobId,
            String jobName,
            String kind,
            String cron,
            String timeZone,
            String misfire,
            String command,
            List<String> args,
            Map<String, String> env,
            String workingDir,
            long timeoutMs,
            int maxRetries,
            long retryBackoffMs) {}

    /** One line of a child's output; {@code stream} is {@code stdout} or {@code stderr}; {@code at} epoch millis. */
    public record LogLine(String stream, String text, long at) {}

    /** Stop an instance (TERM, then KILL after the grace period). */
    public record Cancel(UUID instanceId, String reason) {}

    /**
     * {@code ok=false} with {@code retry=false} means the message was refused for good (no use sending it again); a
     * duplicate is acknowledged {@code ok=true}.
     */
    public record Ack(UUID ref, boolean ok, boolean retry, String reason) {}

    /** Why a frame was refused; {@code code} is stable ({@code malformed}, {@code unknown-kind} …). */
    public record Error(UUID ref, String code, String message) {}
}
