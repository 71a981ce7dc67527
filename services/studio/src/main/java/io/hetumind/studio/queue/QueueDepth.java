package io.hetumind.studio.queue;

import io.hetumind.platform.problem.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The queue's backlog, refreshed every second (one grouped count instead of one per launch), and the back-pressure
 * it drives: a launch into a full queue is a 503, into a tenant's full share a 429, both with Retry-After.
 */
@ApplicationScoped
public class QueueDepth {
    private static final Logger LOG = Logger.getLogger(QueueDepth.class);
    private final ExecutionQueue queue;
    private final QueueConfig config;
    private volatile ExecutionQueue.Depth depth = ExecutionQueue.Depth.EMPTY;

    public QueueDepth(ExecutionQueue queue, QueueConfig config, MeterRegistry meters) {
        this.queue = queue;
        this.config = config;
        Gauge.builder("hetumind_queue_depth", () -> depth.queued())
                .description("Executions queued and due, not yet claimed")
                .register(meters);
        Gauge.builder("hetumind_queue_claimed", () -> depth.claimed())
                .description("Executions claimed by workers (all processes)")
                .register(meters);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        try {
            depth = queue.depth();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("queue depth: %s", e.getMessage());
        }
    }

    public ExecutionQueue.Depth current() {
        return depth;
    }

    /** Refuses a queued launch for {@code tenantId} when the queue or the tenant's share of it is full. */
    public void admit(UUID tenantId) {
        ExecutionQueue.Depth d = depth;
        if (d.queued() >= config.maxDepth()) {
            throw new ProblemException(
                    503,
                    "queue-full",
                    "Service unavailable",
                    "the execution queue is full (" + d.queued() + " waiting); try again later",
                    null,
                    config.retryAfter());
        }
        if (d.queuedPerTenant().getOrDefault(tenantId, 0L) >= config.tenantMaxQueued()) {
            throw ProblemException.tooManyRequests(
                    "your team has " + config.tenantMaxQueued() + " or more executions waiting in the queue",
                    config.retryAfter());
        }
    }
}
