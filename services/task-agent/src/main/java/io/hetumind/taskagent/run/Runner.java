package io.hetumind.taskagent.run;

import io.hetumind.core.task.Messages;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs dispatched instances up to the concurrency limit, each once, and says when a slot frees up. */
public final class Runner {
    private final int maxConcurrency;
    private final LocalLogs logs;
    private final Duration killGrace;
    private final Map<UUID, ProcessRun> running = new ConcurrentHashMap<>();
    /** Every instance ever started here, so a re-sent dispatch never starts it twice. */
    private final Set<UUID> seen = ConcurrentHashMap.newKeySet();

    /**
     * The local timer held dispatches wait on: one high-priority thread (a hashed wheel would add nothing at the
     * handful of timers an agent holds), so a start time costs one wake-up, not a round trip to the server.
     */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-start-timer");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    });

    private final Map<UUID, ScheduledFuture<?>> held = new ConcurrentHashMap<>();
    private final Set<UUID> launched = ConcurrentHashMap.newKeySet();
    private volatile Runnable onSlotFree = () -> {};

    private final Tracer tracer;

    public Runner(int maxConcurrency, LocalLogs logs, Duration killGrace) {
        this(maxConcurrency, logs, killGrace, OpenTelemetry.noop().getTracer("hetumind-task-agent"));
    }

    /** {@code tracer} makes each run a span, a child of its dispatch's trace context. */
    public Runner(int maxConcurrency, LocalLogs logs, Duration killGrace, Tracer tracer) {
        this.maxConcurrency = maxConcurrency;
        this.logs = logs;
        this.killGrace = killGrace;
        this.tracer = tracer;
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

    public Set<UUID> runningIds() {
        return Set.copyOf(running.keySet());
    }

    /**
     * Starts {@code d} unless it was started here before (false for such a duplicate). A dispatch with a
     * {@code notBefore} still ahead is held on the local timer and started at that instant by this host's clock; it
     * holds its slot (and counts as running, so a re-register keeps it) while it waits.
     */
    public boolean start(Messages.Dispatch d, Reporter reporter) {
        if (!seen.add(d.instanceId())) {
            return false;
        }
        ProcessRun run = new ProcessRun(d, reporter, logs, killGrace, tracer);
        running.put(d.instanceId(), run);
        long waitNanos = d.notBefore() == null
                ? 0
                : TimeUnit.MILLISECONDS.toNanos(d.notBefore())
                        - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        if (waitNanos <= 0) {
            launch(d.instanceId(), run);
        } else {
            ScheduledFuture<?> wait = TIMER.schedule(
                    () -> {
                        held.remove(d.instanceId());
                        launch(d.instanceId(), run);
                    },
                    waitNanos,
                    TimeUnit.NANOSECONDS);
            held.put(d.instanceId(), wait);
            if (wait.isDone()) {
                held.remove(d.instanceId());
            }
        }
        return true;
    }

    /** Instances waiting on the local timer for their start time. */
    public int held() {
        return held.size();
    }

    /** Runs {@code run} on its own thread, once: the timer and a cancel of a held run may both get here. */
    private void launch(UUID id, ProcessRun run) {
        if (!launched.add(id)) {
            return;
        }
        Thread.ofPlatform().name("run-" + id).daemon().start(() -> {
            try {
                run.run();
            } finally {
                running.remove(id);
                onSlotFree.run();
            }
        });
    }

    /** Cancels a running instance; false when it is not running here. */
    public boolean cancel(UUID instance) {
        ProcessRun r = running.get(instance);
        if (r == null) {
            return false;
        }
        r.cancel();
        ScheduledFuture<?> wait = held.remove(instance);
        if (wait != null) {
            // Held for a later start: ends now, reported canceled without ever starting the process.
            wait.cancel(false);
            launch(instance, r);
        }
        return true;
    }

    /**
     * Stops everything (agent shutdown). A held run is dropped without a report: it never started, and a canceled
     * report would end a run the server can still give another try (it declares the run lost, and re-queues it, when
     * this agent registers again without it or is declared dead). Running ones are canceled.
     */
    public void cancelAll() {
        for (UUID id : Set.copyOf(held.keySet())) {
            ScheduledFuture<?> wait = held.remove(id);
            if (wait != null && wait.cancel(false) && launched.add(id)) {
                running.remove(id);
            }
        }
        running.keySet().forEach(this::cancel);
    }
}
