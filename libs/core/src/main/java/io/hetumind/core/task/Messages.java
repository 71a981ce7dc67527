package io.hetumind.core.task;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Payloads of the agent protocol, one record per {@link Kind}; field names travel in snake_case. */
public final class Messages {
    private Messages() {}

    /** What an agent offers; a protocol version other than the server's is refused. */
    public record Register(
            int protocolVersion,
            String name,
            Map<String, String> labels,
            String os,
            int maxConcurrency,
            List<UUID> runningInstances) {}

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

    /** One instance to run: the job's command and how to run it. */
    public record Dispatch(
            UUID instanceId,
            UUID jobId,
            String jobName,
            int attempt,
            String command,
            List<String> args,
            Map<String, String> env,
            String workingDir,
            long timeoutMs) {}

    /**
     * A change of one instance: {@code started}, {@code log} (lines from {@code seq} on), {@code succeeded},
     * {@code failed}, {@code timed_out} or {@code canceled}.
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
            Long at) {}

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
