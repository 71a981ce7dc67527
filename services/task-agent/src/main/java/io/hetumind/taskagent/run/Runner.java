package io.hetumind.taskagent.run;

import io.hetumind.core.task.Messages;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs dispatched instances up to the concurrency limit, each once, and says when a slot frees up.
 *
 * <p>Each run gets a thread of a pool started with the runner ({@code max-concurrency} threads waiting, more made
 * only if the server sends more), so a dispatch costs a hand-off, not a thread creation. That thread prepares the
 * run at once (process builder, environment, working-directory check, local log file: {@link ProcessRun#prepare()})
 * and, for a dispatch held until its {@code not_before}, starts its process ahead, stopped before the command
 * ({@link ProcessRun#arm()}), and waits for that instant itself: at the start time only one wake-up and the write that
 * releases the command are left, not the fork.
 */
public final class Runner {
    private static final int WAITING = 0;
    private static final int STARTING = 1;
    private static final int DROPPED = 2;

    private final int maxConcurrency;
    private final LocalLogs logs;
    private final Duration killGrace;
    private final Map<UUID, Slot> running = new ConcurrentHashMap<>();
    /** Every instance ever started here, so a re-sent dispatch never starts it twice. */
    private final Set<UUID> seen = ConcurrentHashMap.newKeySet();
    /** Runs waiting for their start time. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();

    private final ThreadPoolExecutor pool;
    private volatile Runnable onSlotFree = () -> {};

    private final Tracer tracer;
    private final boolean startHeldAhead;

    public Runner(int maxConcurrency, LocalLogs logs, Duration killGrace) {
        this(maxConcurrency, logs, killGrace, OpenTelemetry.noop().getTracer("hetumind-task-agent"), true);
    }

    /**
     * {@code tracer} makes each run a span, a child of its dispatch's trace context; {@code startHeldAhead} starts a
     * held run's process before its time, stopped before the command (false: forked at its start time).
     */
    public Runner(int maxConcurrency, LocalLogs logs, Duration killGrace, Tracer tracer, boolean startHeldAhead) {
        this.maxConcurrency = maxConcurrency;
        this.logs = logs;
        this.killGrace = killGrace;
        this.tracer = tracer;
        this.startHeldAhead = startHeldAhead;
        AtomicInteger n = new AtomicInteger();
        // Core threads = the slots, started now and kept; a hand-off queue, so a run beyond them gets a new thread
        // rather than waiting behind a long run.
        this.pool = new ThreadPoolExecutor(
                Math.max(1, maxConcurrency), Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "agent-run-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.prestartAllCoreThreads();
    }

    public void onSlotFree(Runnable r) {
        this.onSlotFree = r;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public int free() {
        return Math.max(0, maxConcurrency - running.size());
    }

    public int running() {
        return running.size();
    }

    /** The instances this agent has (running or held); a dropped run is left out even before its thread has ended. */
    public Set<UUID> runningIds() {
        Set<UUID> ids = new java.util.HashSet<>();
        running.forEach((id, slot) -> {
            if (slot.state.get() != DROPPED) {
                ids.add(id);
            }
        });
        return Set.copyOf(ids);
    }

    /**
     * Starts {@code d} unless it was started here before (false for such a duplicate). A dispatch with a
     * {@code notBefore} still ahead is held and started at that instant by this host's clock; it holds its slot (and
     * counts as running, so a re-register keeps it) while it waits, unless {@link #dropHeld()} drops it.
     */
    public boolean start(Messages.Dispatch d, Reporter reporter) {
        if (!seen.add(d.instanceId())) {
            return false;
        }
        Slot slot = new Slot(new ProcessRun(d, reporter, logs, killGrace, tracer), d.notBefore());
        running.put(d.instanceId(), slot);
        if (slot.holds) {
            held.add(d.instanceId());
        }
        pool.execute(slot::go);
        return true;
    }

    /** Instances waiting for their start time. */
    public int held() {
        return held.size();
    }

    /** Cancels a running instance; false when it is not running here. A held one ends at once, never started. */
    public boolean cancel(UUID instance) {
        Slot s = running.get(instance);
        if (s == null) {
            return false;
        }
        s.run.cancel();
        s.wake.countDown();
        return true;
    }

    /**
     * Drops every run still waiting for its start time, unreported and never started: they were bound to the link
     * they came on, which is gone (the server declares them lost and re-queues them, when this agent registers again
     * without them or when it has been away {@code held-release-after}). Answers how many were dropped.
     */
    public int dropHeld() {
        int n = 0;
        for (Slot s : running.values()) {
            if (s.holds && s.state.compareAndSet(WAITING, DROPPED)) {
                held.remove(s.run.dispatch().instanceId());
                s.wake.countDown();
                n++;
            }
        }
        return n;
    }

    /** Stops everything (agent shutdown): a held run is dropped without a report, running ones are canceled. */
    public void cancelAll() {
        dropHeld();
        for (Slot s : running.values()) {
            if (s.state.get() != DROPPED) {
                s.run.cancel();
                s.wake.countDown();
            }
        }
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** One dispatch on its pool thread: prepared, held until its start time if it has one, run. */
    private final class Slot {
        final ProcessRun run;
        final Long notBefore;
        final boolean holds;
        final AtomicInteger state = new AtomicInteger(WAITING);
        /** Counted down by a cancel or a drop while the run waits for its start time. */
        final CountDownLatch wake = new CountDownLatch(1);

        Slot(ProcessRun run, Long notBefore) {
            this.run = run;
            this.notBefore = notBefore;
            this.holds = notBefore != null && notBefore > System.currentTimeMillis();
        }

        void go() {
            UUID id = run.dispatch().instanceId();
            try {
                if (holds && startHeldAhead) {
                    run.arm();
                } else {
                    run.prepare();
                }
                if (holds) {
                    awaitStartTime();
                }
                if (!state.compareAndSet(WAITING, STARTING)) {
                    run.discard();
                    return;
                }
                held.remove(id);
                run.run();
            } finally {
                held.remove(id);
                running.remove(id);
                onSlotFree.run();
            }
        }

        /** Until {@code notBefore} by this host's clock (to the microsecond it reads), or a cancel or drop. */
        private void awaitStartTime() {
            long at = TimeUnit.MILLISECONDS.toNanos(notBefore);
            try {
                long left;
                while ((left = at - epochNanos()) > 0) {
                    if (wake.await(left, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
