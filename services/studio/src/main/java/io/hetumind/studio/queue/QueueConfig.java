package io.hetumind.studio.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The execution queue and its workers ({@code HETUMIND_STUDIO_QUEUE_*}). */
@ConfigMapping(prefix = "hetumind.studio.queue")
public interface QueueConfig {
    /** Executions one worker process runs at once. */
    @WithDefault("32")
    int slots();

    /** Most rows one claim takes. */
    @WithDefault("64")
    int batch();

    /** How long a claim holds without renewal; a worker renews at a third of it. Also the takeover delay. */
    @WithDefault("30s")
    Duration lease();

    /** How often an idle worker looks for due rows besides NOTIFY wake-ups (waiting executions come due). */
    @WithDefault("1s")
    Duration poll();

    /** Due queued executions (all tenants) above which new queued launches get 503. */
    @WithDefault("100000")
    int maxDepth();

    /** Due queued executions of one tenant above which its new queued launches get 429. */
    @WithDefault("10000")
    int tenantMaxQueued();

    /** Executions of one tenant claimed at once across all workers (0: no limit). */
    @WithDefault("0")
    int tenantConcurrency();

    /** Executions of one workflow claimed at once across all workers (0: no limit). */
    @WithDefault("0")
    int workflowConcurrency();

    /**
     * Inline executions whose engine runs at once in one process. A launch beyond waits up to {@link #inlineWait()}
     * for one to end, then gets 503.
     */
    @WithDefault("64")
    int maxInline();

    /**
     * Inline executions whose engine is done and that wait only for their settle, besides {@link #maxInline()}: such a
     * run hands its slot to the next launch while a place here is free.
     */
    @WithDefault("256")
    int maxInlineSettling();

    /** How long an inline launch that finds {@link #maxInline()} runs going waits for a slot before its 503. */
    @WithDefault("2s")
    Duration inlineWait();

    /** The Retry-After a refused launch carries. */
    @WithDefault("5s")
    Duration retryAfter();
}
