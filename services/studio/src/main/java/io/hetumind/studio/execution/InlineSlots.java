package io.hetumind.studio.execution;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inline runs one process takes on: at most {@code running} whose engine is at work, plus at most {@code settling}
 * whose engine is done and that only wait for their settle (a group commit). A launch that finds every running slot
 * taken waits up to {@code wait}, in arrival order, for one to free before it is refused: a burst is absorbed instead
 * of answered with 503s that a closed-loop client re-sends at once and that starve the runs it is waiting for. A run
 * whose engine is done hands its running slot to the next launch if a settling place is free, so the runs that have
 * answered their webhook do not hold back the ones that have not started.
 */
final class InlineSlots {
    private final Semaphore running;
    private final Semaphore settling;
    private final int maxRunning;
    private final int maxSettling;
    private final long waitNanos;

    InlineSlots(int maxRunning, int maxSettling, Duration wait) {
        if (maxRunning < 1 || maxSettling < 0) {
            throw new IllegalArgumentException(
                    "inline slots need maxRunning ≥ 1 and maxSettling ≥ 0, not " + maxRunning + " / " + maxSettling);
        }
        this.running = new Semaphore(maxRunning, true);
        this.settling = new Semaphore(maxSettling);
        this.maxRunning = maxRunning;
        this.maxSettling = maxSettling;
        this.waitNanos = wait.toNanos();
    }

    /** A running slot, taken within the configured wait; null when none freed in time (or the caller was interrupted). */
    Slot acquire() {
        try {
            return running.tryAcquire(waitNanos, TimeUnit.NANOSECONDS) ? new Slot() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs whose engine is at work now. */
    int running() {
        return maxRunning - running.availablePermits();
    }

    /** Runs whose engine is done and that wait for their settle, holding a settling place. */
    int settling() {
        return maxSettling - settling.availablePermits();
    }

    /** One inline run's hold: a running slot, later perhaps a settling place instead; let go exactly once. */
    final class Slot {
        private static final int RUNNING = 0;
        private static final int SETTLING = 1;
        private static final int RELEASED = 2;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        private Slot() {}

        /**
         * The run's engine is done: swap its running slot for a settling place if one is free, so a waiting launch can
         * start; without a free place it keeps the running slot until {@link #release()}.
         */
        void handOver() {
            if (state.get() != RUNNING || !settling.tryAcquire()) {
                return;
            }
            if (state.compareAndSet(RUNNING, SETTLING)) {
                running.release();
            } else {
                settling.release(); // released meanwhile
            }
        }

        /** Lets go of whatever the run holds; later calls do nothing. */
        void release() {
            int was = state.getAndSet(RELEASED);
            if (was == RUNNING) {
                running.release();
            } else if (was == SETTLING) {
                settling.release();
            }
        }
    }
}
