package io.hetumind.taskagent.schedule;

import io.hetumind.core.task.CronPlan;
import io.hetumind.core.task.FireIds;
import io.hetumind.core.task.Messages;
import io.hetumind.taskagent.run.Reporter;
import io.hetumind.taskagent.run.Runner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The agent's timer wheel for its pinned schedules: the only planner of those schedules (the server never plans
 * them), so they fire on time whether or not the server is reachable. One thread keeps one timer per schedule:
 *
 * <ul>
 *   <li><b>cron</b>: at each fire time ({@link CronPlan}, the server's rules, time zone and daylight saving included)
 *       the fire time is stored as the schedule's last fire ({@link PinnedStore}, forced to disk) and then the run is
 *       started with instance id {@link FireIds#instanceId}{@code (schedule, fire_at, 1)}: a crash can lose the fire
 *       in progress but never start it twice. A run that fails or times out is retried here, attempt after attempt up
 *       to the job's {@code maxRetries}, after {@code retryBackoffMs · 2^(attempt-1)}, with the same fire time.
 *   <li><b>misfire</b>: when the next fire time after the last one is more than a second in the past (the agent was
 *       down, or its host slept), {@code skip} goes on from now and {@code once} fires the latest missed time once.
 *   <li><b>daemon</b>: one run at a time, a new one (fire time = its start) {@code max(retryBackoffMs, 1 s)} after the
 *       previous ended.
 * </ul>
 *
 * Every update of such a run goes through the outbox like any other, tagged with schedule, fire time and attempt
 * ({@link Reporters}), so the server records it when it hears of it, once.
 */
public final class Wheel implements AutoCloseable {
    /** Where a local fire's updates go: a reporter that tags them with the fire. */
    @FunctionalInterface
    public interface Reporters {
        Reporter forFire(UUID scheduleId, long fireAt, int attempt);
    }

    /** What the wheel counts (metrics). */
    public interface Counters {
        void fired(String kind, Duration lag);

        void missed(String misfire, long fireTimes);

        Counters NONE = new Counters() {
            @Override
            public void fired(String kind, Duration lag) {}

            @Override
            public void missed(String misfire, long fireTimes) {}
        };
    }

    /** A fire time this far in the past is still started (late); further back it is a misfire. */
    static final Duration MISFIRE_AFTER = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(Wheel.class);
    private final PinnedStore store;
    private final Runner runner;
    private final Reporters reporters;
    private final Counters counters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-wheel");
        t.setDaemon(true);
        return t;
    });
    /** The stored state; changed on the timer thread only. */
    private PinnedStore.State state = PinnedStore.State.EMPTY;

    private final Map<UUID, ScheduledFuture<?>> armed = new HashMap<>();
    /** The fire time each armed schedule waits for (timer thread only). */
    private final Map<UUID, Instant> armedAt = new HashMap<>();
    /** Daemons with a run going (or a restart pending). */
    private final Map<UUID, Boolean> daemonBusy = new HashMap<>();

    private volatile boolean closed;

    public Wheel(PinnedStore store, Runner runner, Reporters reporters, Counters counters) {
        this.store = store;
        this.runner = runner;
        this.reporters = reporters;
        this.counters = counters;
    }

    /** Loads the stored set and arms it (missed fire times per each schedule's {@code misfire}). */
    public void start() throws IOException {
        PinnedStore.State loaded = store.load();
        call(() -> {
            state = loaded;
            rearm();
            return null;
        });
    }

    /**
     * Stores a {@code schedule_sync} (forced to disk) and arms its set; answers when it is stored, so the caller may
     * acknowledge it. An older version than the one stored is not applied (answers normally: nothing to resend).
     */
    public void apply(Messages.ScheduleSync sync) throws IOException {
        call(() -> {
            if (sync.version() < state.version()) {
                LOG.infof(
                        "schedule_sync %d is older than the stored %d; kept %d",
                        sync.version(), state.version(), state.version());
                return null;
            }
            long now = System.currentTimeMillis();
            Map<UUID, Long> last = new LinkedHashMap<>();
            for (Messages.PinnedSchedule p : sync.schedules()) {
                Messages.PinnedSchedule before = find(p.scheduleId());
                Long had = state.lastFires().get(p.scheduleId());
                // A schedule new here (or whose timing changed) starts from now: its fire times before this sync
                // were not this agent's to fire.
                boolean same = before != null
                        && java.util.Objects.equals(before.cron(), p.cron())
                        && java.util.Objects.equals(before.timeZone(), p.timeZone())
                        && before.kind().equals(p.kind());
                last.put(p.scheduleId(), same && had != null ? had : now);
            }
            PinnedStore.State next = new PinnedStore.State(sync.version(), List.copyOf(sync.schedules()), last);
            store.save(next);
            state = next;
            rearm();
            LOG.infof(
                    "pinned schedules v%d stored: %d",
                    sync.version(), sync.schedules().size());
            return null;
        });
    }

    /** The schedules armed now. */
    public int size() {
        return state.schedules().size();
    }

    public long version() {
        return state.version();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }

    private Messages.PinnedSchedule find(UUID id) {
        for (Messages.PinnedSchedule p : state.schedules()) {
            if (p.scheduleId().equals(id)) {
                return p;
            }
        }
        return null;
    }

    private void rearm() {
        armed.values().forEach(f -> f.cancel(false));
        armed.clear();
        armedAt.clear();
        daemonBusy
                .keySet()
                .retainAll(state.schedules().stream()
                        .map(Messages.PinnedSchedule::scheduleId)
                        .toList());
        for (Messages.PinnedSchedule p : state.schedules()) {
            if ("daemon".equals(p.kind())) {
                if (!daemonBusy.getOrDefault(p.scheduleId(), false)) {
                    startDaemon(p);
                }
            } else {
                arm(p);
            }
        }
    }

    /**
     * The next fire time of {@code p} after its last fire {@code last}, at {@code now}: the next one if it is not more
     * than {@link #MISFIRE_AFTER} in the past; else, with {@code once}, the latest missed one (fired at once), and
     * with {@code skip} the first one after now. Empty when the expression has no more fire times.
     */
    public static Optional<Instant> nextFire(Messages.PinnedSchedule p, Instant last, Instant now) {
        CronPlan plan = CronPlan.of(p.cron(), p.timeZone());
        Optional<Instant> next = plan.next(last);
        if (next.isEmpty() || !next.get().isBefore(now.minus(MISFIRE_AFTER))) {
            return next;
        }
        return "once".equals(p.misfire()) ? plan.last(now) : plan.next(now);
    }

    private void arm(Messages.PinnedSchedule p) {
        Instant now = Instant.now();
        Instant last = Instant.ofEpochMilli(state.lastFires().getOrDefault(p.scheduleId(), now.toEpochMilli()));
        Optional<Instant> next;
        try {
            next = nextFire(p, last, now);
        } catch (IllegalArgumentException e) {
            LOG.warnf("pinned schedule %s not armed: %s", p.scheduleId(), e.getMessage());
            return;
        }
        if (next.isEmpty()) {
            return;
        }
        Instant at = next.get();
        Optional<Instant> plain = CronPlan.of(p.cron(), p.timeZone()).next(last);
        if (plain.isPresent() && plain.get().isBefore(at)) {
            // fire times between the last fire and this one were missed (counted, not fired)
            long missed = CronPlan.of(p.cron(), p.timeZone())
                    .between(last, at.minusMillis(1), 100_000)
                    .size();
            counters.missed(p.misfire(), missed);
            LOG.infof("pinned schedule %s: %d fire time(s) missed (misfire %s)", p.scheduleId(), missed, p.misfire());
        }
        schedule(p.scheduleId(), at, () -> fire(p, at));
    }

    /** Runs {@code task} on the timer thread at {@code at} by the wall clock (woken early: waits again). */
    private void schedule(UUID id, Instant at, Runnable task) {
        long delay = Math.max(0, at.toEpochMilli() - System.currentTimeMillis());
        armedAt.put(id, at);
        armed.put(
                id,
                timer.schedule(
                        () -> {
                            if (System.currentTimeMillis() < at.toEpochMilli()) {
                                schedule(id, at, task);
                            } else {
                                task.run();
                            }
                        },
                        delay,
                        TimeUnit.MILLISECONDS));
    }

    /**
     * Fires {@code p} and, with it, every other schedule due by now: their fire times are stored in one forced write
     * before any of their runs starts (so a crash never repeats a fire), then each is started and armed again. Twenty
     * jobs on the same second were twenty forced writes one after the other, the last run starting after all of them.
     */
    private void fire(Messages.PinnedSchedule p, Instant at) {
        if (closed || !p.equals(find(p.scheduleId()))) {
            return;
        }
        armed.remove(p.scheduleId());
        armedAt.remove(p.scheduleId());
        Map<Messages.PinnedSchedule, Instant> due = new LinkedHashMap<>();
        due.put(p, at);
        long now = System.currentTimeMillis();
        for (Map.Entry<UUID, Instant> e : List.copyOf(armedAt.entrySet())) {
            Messages.PinnedSchedule q = find(e.getKey());
            if (q != null && e.getValue().toEpochMilli() <= now) {
                armedAt.remove(e.getKey());
                ScheduledFuture<?> f = armed.remove(e.getKey());
                if (f != null) {
                    f.cancel(false); // queued behind this task on the one timer thread: it will not run
                }
                due.put(q, e.getValue());
            }
        }
        Map<UUID, Long> last = new LinkedHashMap<>(state.lastFires());
        due.forEach((q, time) -> last.put(q.scheduleId(), time.toEpochMilli()));
        PinnedStore.State next = new PinnedStore.State(state.version(), state.schedules(), last);
        try {
            store.save(next);
        } catch (IOException e) {
            // Not stored, not started: a fire that a crash could repeat is not run. Tried again at the next time.
            LOG.errorf(
                    "pinned schedules %s: fires not started, their state could not be stored: %s",
                    due.keySet().stream()
                            .map(Messages.PinnedSchedule::scheduleId)
                            .toList(),
                    e.getMessage());
            state = next;
            due.keySet().forEach(this::arm);
            return;
        }
        state = next;
        due.forEach((q, time) -> run(q, time.toEpochMilli(), 1));
        due.keySet().forEach(this::arm);
    }

    private void run(Messages.PinnedSchedule p, long fireAt, int attempt) {
        UUID id = FireIds.instanceId(p.scheduleId(), fireAt, attempt);
        Messages.Dispatch d = new Messages.Dispatch(
                id,
                p.jobId(),
                p.jobName(),
                attempt,
                p.command(),
                p.args() == null ? List.of() : p.args(),
                p.env() == null ? Map.of() : p.env(),
                p.workingDir(),
                p.timeoutMs());
        Reporter tagged = reporters.forFire(p.scheduleId(), fireAt, attempt);
        Reporter watched = new Reporter() {
            @Override
            public void started(UUID instance, long at) {
                tagged.started(instance, at);
            }

            @Override
            public void log(UUID instance, long firstSeq, List<Messages.LogLine> lines) {
                tagged.log(instance, firstSeq, lines);
            }

            @Override
            public void ended(
                    UUID instance, String event, Integer exitCode, Long cpuTimeMs, Long maxRssKb, String message) {
                tagged.ended(instance, event, exitCode, cpuTimeMs, maxRssKb, message);
                if (!closed) {
                    timer.execute(() -> runEnded(p, fireAt, attempt, event));
                }
            }
        };
        if (runner.start(d, watched)) {
            counters.fired(p.kind(), Duration.ofMillis(Math.max(0, System.currentTimeMillis() - fireAt)));
        }
    }

    /** After a run ended: a retry of a failed cron fire, the next run of a daemon. */
    private void runEnded(Messages.PinnedSchedule p, long fireAt, int attempt, String event) {
        Messages.PinnedSchedule now = find(p.scheduleId());
        if (closed || now == null) {
            daemonBusy.remove(p.scheduleId());
            return;
        }
        if ("daemon".equals(now.kind())) {
            long pause = Math.max(1_000, now.retryBackoffMs());
            timer.schedule(() -> startDaemonIfCurrent(now), pause, TimeUnit.MILLISECONDS);
            return;
        }
        boolean failed = "failed".equals(event) || "timed_out".equals(event);
        if (failed && attempt <= now.maxRetries()) {
            long backoff = Math.min(now.retryBackoffMs() << Math.min(attempt - 1, 20), 3_600_000L);
            timer.schedule(
                    () -> {
                        if (!closed && find(p.scheduleId()) != null) {
                            run(find(p.scheduleId()), fireAt, attempt + 1);
                        }
                    },
                    backoff,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void startDaemonIfCurrent(Messages.PinnedSchedule p) {
        Messages.PinnedSchedule now = find(p.scheduleId());
        if (closed || now == null || !"daemon".equals(now.kind())) {
            daemonBusy.remove(p.scheduleId());
            return;
        }
        startDaemon(now);
    }

    private void startDaemon(Messages.PinnedSchedule p) {
        daemonBusy.put(p.scheduleId(), true);
        run(p, System.currentTimeMillis(), 1);
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} on the timer thread and waits for it (state is only touched there). */
    private <T> T call(Call<T> work) throws IOException {
        try {
            return timer.submit(() -> {
                        try {
                            return work.run();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
