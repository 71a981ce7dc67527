package io.hetumind.studio.trigger;

import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.studio.engine.Executions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Fires due schedule ticks on this replica: polls for due rows every {@code schedule-poll} and claims each in its own
 * transaction with {@link ScheduleClaimer}, enqueueing the execution in that same transaction, so a tick is fired once
 * whichever replica claims it, and a failed enqueue leaves it due for the next poll.
 */
@ApplicationScoped
public class ScheduleRunner {
    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    private final DataSource db;
    private final TriggerConfig config;
    private final Instance<Executions> executions;
    private final ScheduleClaimer claimer;
    private final Tracer tracer;
    private final Counter fired;
    private final Counter failed;
    private final Counter misfired;
    private final Timer lag;
    private final AtomicReference<Instant> lastPoll = new AtomicReference<>();

    public ScheduleRunner(
            DataSource db,
            TriggerConfig config,
            NodeRegistry registry,
            Instance<Executions> executions,
            MeterRegistry metrics,
            Tracer tracer) {
        this.db = db;
        this.config = config;
        this.executions = executions;
        this.tracer = tracer;
        this.claimer = new ScheduleClaimer(registry, config.misfireGrace());
        this.fired = Counter.builder("hetumind.schedule.fires")
                .tag("outcome", "fired")
                .description("schedule ticks fired by this replica")
                .register(metrics);
        this.failed = Counter.builder("hetumind.schedule.fires")
                .tag("outcome", "failed")
                .description("schedule ticks whose execution could not be started (retried at the next poll)")
                .register(metrics);
        this.misfired = Counter.builder("hetumind.schedule.misfires")
                .description("schedule ticks skipped: older than the misfire grace, or coalesced into a later one")
                .register(metrics);
        this.lag = Timer.builder("hetumind.schedule.lag")
                .description("how late a tick fired after its time")
                .register(metrics);
    }

    /** When this replica last looked for due ticks (null: never, or schedules are off here). */
    public Instant lastPoll() {
        return lastPoll.get();
    }

    @Scheduled(
            every = "${hetumind.studio.triggers.schedule-poll:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "hetumind-schedules")
    void poll() {
        if (!config.schedulesEnabled()) {
            return;
        }
        Instant now = Instant.now();
        try {
            List<UUID> due;
            try (Connection c = db.getConnection()) {
                due = ScheduleClaimer.due(c, now, 500);
            }
            for (UUID id : due) {
                claimOne(id, Instant.now());
            }
            lastPoll.set(now);
        } catch (Exception e) {
            LOG.warnf(e, "looking for due schedules failed");
        }
    }

    /** Claims and fires one schedule if still due; the outcome, or empty if another replica had it. */
    Optional<ScheduleClaimer.Claimed> claimOne(UUID id, Instant now) {
        try {
            Optional<ScheduleClaimer.Claimed> claimed = QuarkusTransaction.requiringNew()
                    .call(() -> {
                        try (Connection c = db.getConnection()) {
                            return claimer.claim(c, id, now, this::start);
                        }
                    });
            claimed.ifPresent(c -> {
                misfired.increment(c.misfires());
                if (c.fired() != null) {
                    fired.increment();
                    lag.record(Duration.between(c.fired(), Instant.now()));
                }
            });
            return claimed;
        } catch (Exception e) {
            failed.increment();
            LOG.warnf("firing schedule %s failed, it stays due: %s", id, e.getMessage());
            return Optional.empty();
        }
    }

    private void start(ScheduleClaimer.Claimed c) {
        Span span = tracer.spanBuilder("schedule fire")
                .setAttribute("hetumind.workflow.id", c.due().workflowId().toString())
                .setAttribute("hetumind.schedule.tick", String.valueOf(c.fired()))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            if (!executions.isResolvable()) {
                throw new IllegalStateException("no Executions implementation in this build");
            }
            var started = executions
                    .get()
                    .start(new Executions.Launch(
                            c.due().tenantId(),
                            c.due().workflowId(),
                            c.due().workflowVersion(),
                            "trigger",
                            c.nodeName(),
                            null,
                            Executions.Placement.QUEUED,
                            Map.of(),
                            null));
            span.setAttribute("hetumind.execution.id", started.executionId());
        } finally {
            span.end();
        }
    }
}
