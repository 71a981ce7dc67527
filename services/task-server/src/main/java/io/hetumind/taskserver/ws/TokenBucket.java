package io.hetumind.taskserver.ws;

/** Frames-per-second limit of one connection: {@code rate} on average, {@code burst} at once. */
final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(int rate, int burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    synchronized boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
