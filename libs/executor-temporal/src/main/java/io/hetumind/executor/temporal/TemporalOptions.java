package io.hetumind.executor.temporal;

import java.time.Duration;

/**
 * Where and how executions run on Temporal, checked in one place.
 *
 * @param target the frontend address ({@code host:port}) of the Temporal service
 * @param namespace the namespace executions run in
 * @param taskQueue the task queue workflow and node activities are polled from
 * @param nodeTimeout the longest a node try may run (an activity's start-to-close timeout); a workflow's own
 *     {@code settings.timeoutMs}, when set and shorter, bounds it instead
 * @param heartbeatTimeout how long a worker may stay silent while a node runs before its try counts as lost and is
 *     tried again on another worker
 * @param defaultParallelism the per-execution bound on concurrent node runs when neither the run nor the workflow sets
 *     one (the engine's default is 16)
 * @param continueAsNewAfter the history length (events) after which an execution's workflow continues as new at its
 *     next quiet moment (also when Temporal suggests it first); bounds history for runs with many node steps
 */
public record TemporalOptions(
        String target,
        String namespace,
        String taskQueue,
        Duration nodeTimeout,
        Duration heartbeatTimeout,
        int defaultParallelism,
        int continueAsNewAfter) {

    public static final String DEFAULT_TARGET = "127.0.0.1:7233";
    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_TASK_QUEUE = "hetumind-executions";

    /**
     * Well below Temporal's own limits (50,000 events, 50 MB) and its suggestion (4,000 events by default, which a
     * workflow follows too): about 650 sequential node steps a generation.
     */
    public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 4_000;

    public TemporalOptions {
        require(target, "hetumind.temporal.target");
        require(namespace, "hetumind.temporal.namespace");
        require(taskQueue, "hetumind.temporal.task-queue");
        if (nodeTimeout == null || nodeTimeout.isNegative() || nodeTimeout.isZero()) {
            throw new IllegalArgumentException("hetumind.temporal.node-timeout must be positive, was " + nodeTimeout);
        }
        if (heartbeatTimeout == null || heartbeatTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException(
                    "hetumind.temporal.heartbeat-timeout must be at least 1s, was " + heartbeatTimeout);
        }
        if (defaultParallelism < 1) {
            throw new IllegalArgumentException("the default parallelism must be at least 1, was " + defaultParallelism);
        }
        if (continueAsNewAfter < 100) {
            throw new IllegalArgumentException(
                    "hetumind.temporal.continue-as-new-after must be at least 100 events, was " + continueAsNewAfter);
        }
    }

    public TemporalOptions(
            String target,
            String namespace,
            String taskQueue,
            Duration nodeTimeout,
            Duration heartbeatTimeout,
            int defaultParallelism) {
        this(
                target,
                namespace,
                taskQueue,
                nodeTimeout,
                heartbeatTimeout,
                defaultParallelism,
                DEFAULT_CONTINUE_AS_NEW_AFTER);
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }

    public static TemporalOptions defaults() {
        return new TemporalOptions(
                DEFAULT_TARGET, DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE, Duration.ofHours(1), Duration.ofSeconds(30), 16);
    }

    public TemporalOptions withTaskQueue(String value) {
        return new TemporalOptions(
                target, namespace, value, nodeTimeout, heartbeatTimeout, defaultParallelism, continueAsNewAfter);
    }

    public TemporalOptions withHeartbeatTimeout(Duration value) {
        return new TemporalOptions(
                target, namespace, taskQueue, nodeTimeout, value, defaultParallelism, continueAsNewAfter);
    }

    public TemporalOptions withContinueAsNewAfter(int events) {
        return new TemporalOptions(
                target, namespace, taskQueue, nodeTimeout, heartbeatTimeout, defaultParallelism, events);
    }

    /** How often a running node try heartbeats: a third of the heartbeat timeout. */
    public Duration heartbeatEvery() {
        return heartbeatTimeout.dividedBy(3);
    }
}
