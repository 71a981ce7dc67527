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
 */
public record TemporalOptions(
        String target,
        String namespace,
        String taskQueue,
        Duration nodeTimeout,
        Duration heartbeatTimeout,
        int defaultParallelism) {

    public static final String DEFAULT_TARGET = "127.0.0.1:7233";
    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_TASK_QUEUE = "hetumind-executions";

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
        return new TemporalOptions(target, namespace, value, nodeTimeout, heartbeatTimeout, defaultParallelism);
    }

    public TemporalOptions withHeartbeatTimeout(Duration value) {
        return new TemporalOptions(target, namespace, taskQueue, nodeTimeout, value, defaultParallelism);
    }

    /** How often a running node try heartbeats: a third of the heartbeat timeout. */
    public Duration heartbeatEvery() {
        return heartbeatTimeout.dividedBy(3);
    }
}
