package io.hetumind.taskserver.ws;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.repository.ClaimRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.service.SchedMetrics;
import io.hetumind.taskserver.service.ServerIdentity;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Poll-mode dispatch: an agent's acquire_task is answered with what it can claim now, or parked until work for its
 * namespace becomes ready (a notification, a timer at the next ready time, or the one-second sweep), or until the
 * acquire wait passes (then an empty dispatch tells it to ask again). Nothing is ever sent unasked.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private final Db db;
    private final ClaimRepository claims;
    private final ReliableSender sender;
    private final ServerIdentity server;
    private final SchedMetrics metrics;
    private final SchedConfig config;
    private final Map<String, Set<AgentSession>> parked = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sched-ready-timer");
        t.setDaemon(true);
        return t;
    });

    public Dispatcher(
            Db db,
            ClaimRepository claims,
            ReliableSender sender,
            ServerIdentity server,
            SchedMetrics metrics,
            SchedConfig config) {
        this.db = db;
        this.claims = claims;
        this.sender = sender;
        this.server = server;
        this.metrics = metrics;
        this.config = config;
    }

    /** An agent asked for up to {@code slots} instances. */
    void acquire(AgentSession s, int slots) {
        synchronized (s) {
            s.parkedSlots = slots;
            s.parkedAtNanos = System.nanoTime();
        }
        parked.computeIfAbsent(s.queueKey(), k -> ConcurrentHashMap.newKeySet()).add(s);
        serve(s);
    }

    void forget(AgentSession s) {
        Set<AgentSession> set = parked.get(s.queueKey());
        if (set != null) {
            set.remove(s);
        }
    }

    /** Work may be ready for {@code tenant|namespace}: try every parked agent of it. */
    public void wake(String queueKey) {
        Set<AgentSession> set = parked.get(queueKey);
        if (set != null && !set.isEmpty()) {
            for (AgentSession s : set) {
                workers.execute(() -> serve(s));
            }
        }
    }

    /** Arms a wake-up for the moment an instance becomes ready. */
    public void wakeAt(String queueKey, long readyAtMillis) {
        long delay = readyAtMillis - System.currentTimeMillis();
        if (delay <= 0) {
            wake(queueKey);
        } else {
            timers.schedule(() -> wake(queueKey), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void serve(AgentSession s) {
        synchronized (s) {
            int slots = s.parkedSlots;
            if (slots == 0 || !s.conn.isOpen() || !"active".equals(s.mode)) {
                return;
            }
            List<ClaimRepository.Claimed> got;
            try {
                got = db.tx(c -> claims.claim(c, s.tenant, s.namespace, s.labelsJson, s.agentId, server.id(), slots));
            } catch (RuntimeException e) {
                LOG.warnf("claim for agent %s failed: %s", s.agentId, e.getMessage());
                return;
            }
            if (got.isEmpty()) {
                return;
            }
            s.parkedSlots = 0;
            forget(s);
            Instant now = Instant.now();
            got.forEach(x -> metrics.dispatched(x.readyAt(), x.trigger(), x.fireAt(), now));
            sender.send(
                    s,
                    Kind.TASK_DISPATCH,
                    new Messages.TaskDispatch(
                            got.stream().map(ClaimRepository.Claimed::dispatch).toList()));
        }
    }

    /** The safety net: every parked agent is tried once a second; long-parked ones get an empty answer. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long waitNanos = config.acquireWait().toNanos();
        long now = System.nanoTime();
        for (Map.Entry<String, Set<AgentSession>> e : parked.entrySet()) {
            for (AgentSession s : e.getValue()) {
                boolean expired;
                synchronized (s) {
                    expired = s.parkedSlots > 0 && now - s.parkedAtNanos > waitNanos;
                    if (expired) {
                        s.parkedSlots = 0;
                    }
                }
                if (expired || !s.conn.isOpen()) {
                    e.getValue().remove(s);
                    if (expired) {
                        s.send(io.hetumind.core.task.Protocol.encode(
                                Kind.TASK_DISPATCH, new Messages.TaskDispatch(List.of())));
                    }
                }
            }
            wake(e.getKey());
        }
    }

    int parkedCount() {
        return parked.values().stream().mapToInt(Set::size).sum();
    }
}
