package io.hetumind.taskserver.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the task-server; each key can be set as {@code HETUMIND_SCHED_<KEY>} in the environment. */
@ConfigMapping(prefix = "hetumind.sched")
public interface SchedConfig {
    /** Address other servers and operators see for this replica (shown by {@code GET /servers}). */
    @WithDefault("127.0.0.1:8082")
    String address();

    /** Share of namespaces this replica is bound to, relative to the others' weights. */
    @WithDefault("100")
    int weight();

    /** How long a leader lease lasts without renewal; a standby takes over at most this long after a crash. */
    @WithDefault("10s")
    Duration leaseTtl();

    /** How often every replica renews its lease attempt and runs the leader's duties when it holds the lease. */
    @WithDefault("1s")
    Duration leaderTick();

    /** How far ahead the leader plans tasks from cron and one-shot schedules. */
    @WithDefault("2m")
    Duration planHorizon();

    /** Heartbeat interval asked of agents at register. */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** An agent not heard from for this long is dead: its dispatched and running instances are re-queued. */
    @WithDefault("35s")
    Duration deadAfter();

    /**
     * How long before an instance's ready time a parked agent claims it; the dispatch is then sent at the ready time
     * itself, so the claim's database round trips are not part of the cron lag.
     */
    @WithDefault("250ms")
    Duration dispatchLead();

    /**
     * How long after an agent's connection closed its held runs (dispatched ahead, their time not yet come at the
     * close) are declared lost and re-queued, unless the agent registered again meanwhile. The agent drops held runs
     * with the link, so this only has to cover an agent that started one just before it noticed the close.
     */
    @WithDefault("3s")
    Duration heldReleaseAfter();

    /** How long an unanswered acquire_task is parked before an empty dispatch tells the agent to ask again. */
    @WithDefault("20s")
    Duration acquireWait();

    /** Wait for an agent's ack of a state-changing frame before it is sent again (doubling each time). */
    @WithDefault("3s")
    Duration ackTimeout();

    /** Sends of one frame before it goes to the dead-letter table. */
    @WithDefault("5")
    int ackRetries();

    /** A dispatched instance the agent has not started within this long is lost and re-queued. */
    @WithDefault("60s")
    Duration startTimeout();

    /** A running instance with no final status this long after its timeout is marked timed out. */
    @WithDefault("60s")
    Duration timeoutGrace();

    /** Extra attempts a lost instance (dead agent) gets beyond its job's retries. */
    @WithDefault("3")
    int lostRequeues();

    /** Frames per second one agent connection may send on average; a flood closes the connection. */
    @WithDefault("500")
    int framesPerSecond();

    /** Burst of frames allowed above the average rate. */
    @WithDefault("1000")
    int frameBurst();

    /** How often heartbeats received in memory are written to the database in one batch. */
    @WithDefault("1s")
    Duration heartbeatFlush();

    /** How long a one-off run ({@code POST /runs}), its attempts and logs are kept after it ended. */
    @WithDefault("7d")
    Duration runRetention();

    /** Where the failure webhook of a job may point; empty allows any http(s) URL. */
    Optional<String> notifyAllowedPrefix();
}
