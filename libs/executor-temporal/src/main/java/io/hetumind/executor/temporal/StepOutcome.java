package io.hetumind.executor.temporal;

import java.util.List;

/**
 * What a node activity returns to the workflow: the kind of result and its timings, item counts per output port
 * (the machine routes on them), whether node state changed, the error as JSON. The items themselves are in the
 * {@link RunDataStore} under the task id.
 *
 * @param kind {@code finished}, {@code failed}, {@code waiting} or {@code deferred} (waiting for a child execution)
 * @param until for {@code waiting}: when the wait ends (-1: resumed from outside)
 * @param attempt the try that produced it (Temporal's activity attempt)
 * @param child for {@code deferred}: the child execution the try asked for (its input; its items are in the store),
 *     which the workflow code runs as a child workflow before running the try again
 * @param responded the try answered the webhook request that started the execution (the answer is in the store);
 *     absent (false) in histories recorded before it existed
 */
public record StepOutcome(
        String kind,
        long at,
        long startTime,
        long executionTimeMs,
        List<Integer> outputCounts,
        boolean nodeStateChanged,
        String errorJson,
        long until,
        int attempt,
        ExecutionInput child,
        boolean responded) {

    static final String FINISHED = "finished";
    static final String FAILED = "failed";
    static final String WAITING = "waiting";
    static final String DEFERRED = "deferred";

    /** The same outcome, saying the try answered the webhook request. */
    StepOutcome withResponded() {
        return new StepOutcome(
                kind,
                at,
                startTime,
                executionTimeMs,
                outputCounts,
                nodeStateChanged,
                errorJson,
                until,
                attempt,
                child,
                true);
    }
}
