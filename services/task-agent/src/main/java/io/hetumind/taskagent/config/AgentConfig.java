package io.hetumind.taskagent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the agent: from the file named by {@code HETUMIND_AGENT_CONFIG} (properties), overridden by
 * {@code HETUMIND_AGENT_<KEY>} environment variables.
 */
@ConfigMapping(prefix = "hetumind.agent")
public interface AgentConfig {
    /** The task-servers' agent gateways, comma-separated; after a lost connection the next one is tried. */
    @WithDefault("ws://127.0.0.1:8082/ws/agent")
    String serverUrl();

    /** IAM, where the agent token is exchanged for short-lived access tokens. */
    @WithDefault("http://127.0.0.1:8081")
    String iamUrl();

    /** The agent token ({@code hma_…}) IAM issued for this agent's namespace; or use {@link #tokenFile()}. */
    Optional<String> token();

    /** A file holding the agent token (first line), read at each exchange. */
    Optional<Path> tokenFile();

    /** This agent's name, unique in its namespace; defaults to the host name. */
    Optional<String> name();

    /** Labels offered to jobs ({@code hetumind.agent.labels.gpu=true}); jobs require a subset. */
    Map<String, String> labels();

    /** Instances run at once. */
    @WithDefault("4")
    int maxConcurrency();

    /** Where the outbox, the dead letters and the local logs live. */
    @WithDefault("agent-data")
    Path dataDir();

    /** First reconnect delay; doubles up to {@link #reconnectMax()}, with full jitter. */
    @WithDefault("500ms")
    Duration reconnectMin();

    @WithDefault("30s")
    Duration reconnectMax();

    /**
     * Whether a run held until its start time has its process started on arrival, stopped before the command (a
     * {@code /bin/sh} waiting on a pipe), so the start time costs a write instead of a fork. False forks at the start
     * time.
     */
    @WithDefault("true")
    boolean startHeldAhead();

    /** After TERM, how long a process tree gets before KILL. */
    @WithDefault("10s")
    Duration killGrace();

    /** Resend an unacknowledged outbox message after this long (doubling). */
    @WithDefault("5s")
    Duration ackTimeout();

    /** Size at which a local instance log rolls over. */
    @WithDefault("10485760")
    long logMaxBytes();

    /** Rolled files kept per instance log. */
    @WithDefault("3")
    int logRollovers();

    /** Instance logs kept on disk (the oldest are deleted). */
    @WithDefault("200")
    int logKeep();

    /** Whether outbox writes are forced to disk before they are sent (survives power loss, costs latency). */
    @WithDefault("false")
    boolean fsync();
}
