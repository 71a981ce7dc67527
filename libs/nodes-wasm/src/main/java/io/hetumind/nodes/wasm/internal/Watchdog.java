package io.hetumind.nodes.wasm.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stops a plugin call running on the caller's thread: at the deadline, or when the execution is
 * canceled, it interrupts that thread, which Chicory notices at the next loop or call in both the
 * interpreter and compiled code. The call runs where the node runs (no hand-off to another thread per
 * item); {@link #end()} guarantees no interrupt lands after the call and clears the one it caused.
 */
final class Watchdog {

    /** Why the call was stopped, if it was. */
    enum Verdict {
        NONE,
        TIMED_OUT,
        CANCELED
    }

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wasm-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Thread thread;
    private final long deadline;
    private final BooleanSupplier canceled;
    private ScheduledFuture<?> tick;
    private Verdict verdict = Verdict.NONE;
    private boolean ended;

    private Watchdog(Thread thread, long deadline, BooleanSupplier canceled) {
        this.thread = thread;
        this.deadline = deadline;
        this.canceled = canceled;
    }

    static Watchdog watch(Thread thread, Duration timeout, BooleanSupplier canceled) {
        long nanos = timeout.toNanos();
        Watchdog dog = new Watchdog(thread, System.nanoTime() + nanos, canceled);
        long period = Math.max(1, Math.min(nanos, TICK_NANOS));
        synchronized (dog) {
            dog.tick = TIMER.scheduleAtFixedRate(dog::check, period, period, TimeUnit.NANOSECONDS);
        }
        return dog;
    }

    private synchronized void check() {
        if (ended || verdict != Verdict.NONE) {
            return;
        }
        if (canceled.getAsBoolean()) {
            verdict = Verdict.CANCELED;
        } else if (System.nanoTime() - deadline >= 0) {
            verdict = Verdict.TIMED_OUT;
        } else {
            return;
        }
        thread.interrupt();
    }

    /** Ends the watch (idempotent): no interrupt after this; clears the one this watchdog caused. */
    synchronized Verdict end() {
        if (!ended) {
            ended = true;
            tick.cancel(false);
            if (verdict != Verdict.NONE) {
                Thread.interrupted();
            }
        }
        return verdict;
    }
}
