package io.hetumind.core.model;

/**
 * How often a failing node is tried and how long to wait between tries: the wait before
 * try {@code n+1} is {@code waitMs * backoff^(n-1)}, capped at {@code maxWaitMs}.
 */
public record RetryPolicy(int maxTries, long waitMs, double backoff, long maxWaitMs) {

    public static final RetryPolicy NONE = new RetryPolicy(1, 0, 1.0, 0);

    public RetryPolicy {
        if (maxTries < 1) {
            throw new IllegalArgumentException("retry.maxTries must be at least 1, was " + maxTries);
        }
        if (waitMs < 0) {
            throw new IllegalArgumentException("retry.waitMs must not be negative, was " + waitMs);
        }
        if (backoff < 1.0) {
            throw new IllegalArgumentException("retry.backoff must be at least 1.0, was " + backoff);
        }
        if (maxWaitMs <= 0) {
            maxWaitMs = 5 * 60_000L;
        }
    }

    /** Milliseconds to wait after failed try number {@code tryNumber} (1-based). */
    public long delayAfter(int tryNumber) {
        double delay = waitMs * Math.pow(backoff, Math.max(0, tryNumber - 1));
        return (long) Math.min(delay, maxWaitMs);
    }

    public boolean retries() {
        return maxTries > 1;
    }
}
