package io.hetumind.studio.queue;

import io.hetumind.studio.config.StudioConfig;
import io.hetumind.studio.execution.ExecutionRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Claims queued executions and runs them on virtual threads, up to {@code slots} at once, when this process's role
 * runs workers. Wakes on NOTIFY (new rows) and polls for rows that come due (parked executions) or whose lease lapsed
 * (a lost worker's). Renews the leases it holds at a third of their length, and is seen alive in the same write (so
 * a row it broke off and let lapse is resumed as interrupted, not counted as lost with it); a row it no longer holds
 * (taken over, or canceled elsewhere) has its local run canceled. Inline runs hold leases under the same owner, so this process
 * renews them too whatever its role.
 */
@ApplicationScoped
public class QueueWorker {
    private static final Logger LOG = Logger.getLogger(QueueWorker.class);

    private final ExecutionQueue queue;
    private final ExecutionRunner runner;
    private final QueueConfig config;
    private final StudioConfig studio;
    private final String owner;
    private final Semaphore slots;
    private final Object wake = new Object();
    private final Map<UUID, Long> held = new ConcurrentHashMap<>();
    private final Timer claimLatency;
    private final AtomicLong lastClaimLoop = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong lastRenewal = new AtomicLong(System.currentTimeMillis());
    private volatile boolean running = true;
    private volatile boolean suspended;
    private volatile String lastError;
    private Thread claimer;
    private Thread renewer;

    public QueueWorker(
            ExecutionQueue queue,
            ExecutionRunner runner,
            QueueConfig config,
            StudioConfig studio,
            MeterRegistry meters) {
        this.queue = queue;
        this.runner = runner;
        this.config = config;
        this.studio = studio;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.slots = new Semaphore(config.slots());
        this.claimLatency = Timer.builder("hetumind_queue_claim_latency")
                .description("From an execution being due to a worker claiming it")
                .publishPercentileHistogram()
                .register(meters);
        Gauge.builder("hetumind_queue_running", () -> config.slots() - slots.availablePermits())
                .description("Queued executions this worker runs now")
                .register(meters);
    }

    void start(@Observes StartupEvent e) {
        renewer = Thread.ofPlatform().daemon().name("queue-lease-renewer").start(this::renewLoop);
        if (studio.role().runsWorkers()) {
            claimer = Thread.ofPlatform().daemon().name("queue-claimer").start(this::claimLoop);
            LOG.infof("queue worker %s: %d slots, lease %s", owner, config.slots(), config.lease());
        }
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        if (claimer != null) {
            claimer.interrupt();
        }
        if (renewer != null) {
            renewer.interrupt();
        }
    }

    /** This process's lease owner name (inline runs are claimed under it). */
    public String owner() {
        return owner;
    }

    /** Records a lease this process holds (an inline run), so renewal keeps it and notices its loss. */
    public void hold(UUID id, long lease) {
        held.put(id, lease);
    }

    public void release(UUID id) {
        held.remove(id);
    }

    /** Whether claiming runs here (role all/worker) and is not suspended. */
    public boolean claiming() {
        return claimer != null && !suspended;
    }

    /** Stops claiming new rows (maintenance, tests); runs in progress go on and leases are still renewed. */
    public void suspend() {
        suspended = true;
    }

    /** Claims again after {@link #suspend}. */
    public void proceed() {
        suspended = false;
        wake();
    }

    /** Wakes the claim loop (a NOTIFY arrived). */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void claimLoop() {
        long poll = config.poll().toMillis();
        while (running) {
            lastClaimLoop.set(System.currentTimeMillis());
            try {
                int got = suspended ? 0 : claimOnce();
                if (got == 0) {
                    synchronized (wake) {
                        wake.wait(poll);
                    }
                }
            } catch (InterruptedException ie) {
                return;
            } catch (SQLException | RuntimeException ex) {
                lastError = ex.getMessage();
                LOG.warnf("queue claim failed: %s; retrying", ex.getMessage());
                sleep(Math.min(poll, 1000));
            }
        }
    }

    /** One claim of as many rows as there are free slots; returns how many were claimed. */
    int claimOnce() throws SQLException, InterruptedException {
        int free = slots.availablePermits();
        int worthIt = Math.max(1, Math.min(config.batch(), config.slots()) / 4);
        if (free < worthIt) {
            // busy: gather freed slots for up to 10 ms so one claim takes many rows, not one per finished run
            slots.acquire();
            slots.release();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            while (slots.availablePermits() < worthIt && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            free = slots.availablePermits();
        }
        int want = Math.min(free, config.batch());
        if (!slots.tryAcquire(want)) {
            return 1;
        }
        List<Claimed> claimed;
        try {
            claimed = queue.claim(
                    owner,
                    want,
                    config.lease(),
                    new ExecutionQueue.Limits(config.tenantConcurrency(), config.workflowConcurrency()));
        } catch (SQLException | RuntimeException e) {
            slots.release(want);
            throw e;
        }
        slots.release(want - claimed.size());
        lastError = null;
        if (claimed.isEmpty()) {
            return 0;
        }
        for (Claimed c : claimed) {
            held.put(c.id(), c.lease());
            claimLatency.record(Duration.ofMillis(c.waitedMs()));
        }
        for (Claimed c : claimed) {
            Thread.ofVirtual().name("exec-" + c.id()).start(() -> {
                try {
                    runner.run(c, Map.of());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "execution %s: worker failure", c.id());
                } finally {
                    held.remove(c.id(), c.lease());
                    slots.release();
                }
            });
        }
        return claimed.size();
    }

    private void renewLoop() {
        long every = Math.max(50, config.lease().toMillis() / 3);
        while (running) {
            sleep(every);
            if (!running) {
                return;
            }
            try {
                if (held.isEmpty()) {
                    queue.seen(owner);
                    lastRenewal.set(System.currentTimeMillis());
                    continue;
                }
                // judge only the rows this renewal asked about: one claimed or started inline while it ran is not
                // in its answer, and must not be taken for a row another worker took over
                Map<UUID, Long> asked = Map.copyOf(held);
                List<ExecutionQueue.Held> still = queue.renew(owner, asked.keySet(), config.lease());
                lastRenewal.set(System.currentTimeMillis());
                Map<UUID, ExecutionQueue.Held> byId =
                        still.stream().collect(Collectors.toMap(ExecutionQueue.Held::id, h -> h));
                for (Map.Entry<UUID, Long> mine : asked.entrySet()) {
                    ExecutionQueue.Held h = byId.get(mine.getKey());
                    if (!mine.getValue().equals(held.get(mine.getKey()))) {
                        continue; // ended meanwhile, or claimed here again under a newer lease
                    }
                    if (h == null || h.lease() != mine.getValue()) {
                        // taken over or removed: stop the local run, writing nothing more (the new owner goes on)
                        runner.abandonLocal(mine.getKey().toString());
                    } else if (h.cancelRequested()) {
                        runner.cancelLocal(mine.getKey().toString());
                    }
                }
            } catch (SQLException | RuntimeException ex) {
                lastError = ex.getMessage();
                LOG.warnf("lease renewal failed: %s", ex.getMessage());
            }
        }
    }

    /** What the health check reports. */
    public record Status(
            boolean claiming,
            boolean suspended,
            int busySlots,
            long sinceClaimLoopMs,
            long sinceRenewalMs,
            String lastError) {}

    public Status status() {
        long now = System.currentTimeMillis();
        return new Status(
                claimer != null,
                suspended,
                config.slots() - slots.availablePermits(),
                claimer == null ? 0 : now - lastClaimLoop.get(),
                now - lastRenewal.get(),
                lastError);
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
