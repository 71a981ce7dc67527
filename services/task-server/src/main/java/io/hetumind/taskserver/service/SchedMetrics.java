package io.hetumind.taskserver.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The scheduler's Prometheus metrics ({@code /q/metrics}); the alert rules in deploy/ read these names. */
@ApplicationScoped
public class SchedMetrics {
    private final MeterRegistry registry;
    private final Timer dispatchLatency;
    private final Timer readyToStarted;
    private final Timer cronLag;
    private final Counter dispatched;
    private final Counter deadLetters;
    private final Counter deadAgents;
    private final Counter runs;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicInteger leader = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    public SchedMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dispatchLatency = timer("sched.dispatch.latency", "From an instance being ready to its dispatch");
        this.readyToStarted = timer("sched.ready.to.started", "From an instance being ready to its process start");
        this.cronLag = timer(
                "sched.cron.lag",
                "From a cron fire time to the dispatch of its instance (to its start when the agent held it)");
        this.dispatched = Counter.builder("sched.instances.dispatched").register(registry);
        this.deadLetters = Counter.builder("sched.dead.letters").register(registry);
        this.deadAgents = Counter.builder("sched.agents.dead").register(registry);
        this.runs = Counter.builder("sched.runs")
                .description("One-off runs started through POST /api/v1/runs")
                .register(registry);
        registry.gauge("sched.queue.depth", queueDepth);
        registry.gauge("sched.leader", leader);
        registry.gauge("sched.agent.connections", connections);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    public void dispatched(Instant readyAt, String trigger, Instant fireAt, Instant now) {
        dispatched.increment();
        dispatchLatency.record(positive(Duration.between(readyAt, now)));
        if ("cron".equals(trigger)) {
            cronLag.record(positive(Duration.between(fireAt, now)));
        }
    }

    /**
     * Sent ahead of its ready time to an agent that starts it by its own timer ({@code held_dispatch}): counted as
     * dispatched with no latency; its cron lag is recorded when it starts ({@link #cronStarted}).
     */
    public void dispatchedAhead() {
        dispatched.increment();
        dispatchLatency.record(Duration.ZERO);
    }

    /** A cron run an agent held and started itself: the lag is from the fire time to its start (agent's clock). */
    public void cronStarted(Instant fireAt, Instant startedAt) {
        cronLag.record(positive(Duration.between(fireAt, startedAt)));
    }

    public void started(Instant readyAt, Instant startedAt) {
        readyToStarted.record(positive(Duration.between(readyAt, startedAt)));
    }

    /** A terminal state of an instance, counted by status ({@code sched_instances_finished_total}). */
    public void finished(String status) {
        registry.counter("sched.instances.finished", "status", status).increment();
    }

    public void rejected(String code) {
        registry.counter("sched.frames.rejected", "code", code).increment();
    }

    public void run() {
        runs.increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /** Held runs re-queued after their agent's connection closed and it did not come back. */
    public void heldReleased(int n) {
        registry.counter("sched.held.released").increment(n);
    }

    /**
     * A run an agent fired itself from a pinned schedule, reported to the server: {@code recorded} (its task and
     * instance made now) or a {@code duplicate} copy of a fire already recorded ({@code sched_local_fires_total}).
     */
    public void localFire(boolean recorded) {
        registry.counter("sched.local.fires", "outcome", recorded ? "recorded" : "duplicate")
                .increment();
    }

    /** A schedule_sync sent to an agent ({@code sched_schedule_syncs_total}). */
    public void scheduleSync() {
        registry.counter("sched.schedule.syncs").increment();
    }

    public void deadAgents(int n) {
        deadAgents.increment(n);
    }

    public void queueDepth(long n) {
        queueDepth.set(n);
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    public void connections(int n) {
        connections.set(n);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
