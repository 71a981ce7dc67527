package io.hetumind.studio.trigger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Webhook and schedule settings; each key can be set as {@code HETUMIND_STUDIO_TRIGGERS_<KEY>} in the environment.
 * Bodies are bounded by the platform's {@code hetumind.http.max-body-bytes}.
 */
@ConfigMapping(prefix = "hetumind.studio.triggers")
public interface TriggerConfig {
    /** How long a designer's listen registration ({@code /webhook-test/…}) waits for its request. */
    @WithDefault("120s")
    Duration testWebhookTtl();

    /**
     * How long a webhook request waits for its answer in the modes that answer from the run ({@code lastNode},
     * {@code responseNode}); later it gets a 504 problem while the execution goes on.
     */
    @WithDefault("120s")
    Duration responseTimeout();

    /** Webhook requests handled at once by this process; more get a 503 problem with Retry-After. */
    @WithDefault("1024")
    int maxConcurrentRequests();

    /**
     * Where executions of webhooks that answer at once ({@code onReceived}) run: {@code QUEUED} (any worker) or
     * {@code INLINE} (this process). Modes that answer from the run always run inline.
     */
    @WithDefault("QUEUED")
    String onReceivedPlacement();

    /** Whether this process claims and fires schedule ticks (every replica may; each tick fires once). */
    @WithDefault("true")
    boolean schedulesEnabled();

    /** How often due schedule ticks are looked for; a tick fires at most this late when the instance is healthy. */
    @WithDefault("1s")
    Duration schedulePoll();

    /**
     * Misfire grace: a due tick claimed at most this late still fires (once, however many ticks were missed);
     * older ticks are skipped and counted as misfires.
     */
    @WithDefault("60s")
    Duration misfireGrace();

    /** Whether this process may run listening triggers (each runs on exactly one replica that has them on). */
    @WithDefault("true")
    boolean listenersEnabled();

    /** How often this replica looks for listeners to take over, restart or stop (and retries broken ones). */
    @WithDefault("2s")
    Duration listenPoll();

    /** The longest wait before reopening a broken listener (the wait doubles from 1 s up to this). */
    @WithDefault("60s")
    Duration listenMaxBackoff();
}
