package io.hetumind.taskserver.ws;

import io.hetumind.core.task.InstanceState;
import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.ClaimRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.service.InstanceService;
import io.hetumind.taskserver.service.SchedMetrics;
import io.hetumind.taskserver.service.ServerIdentity;
import io.hetumind.taskserver.service.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 *
 * <p>Cron lag: a parked agent is woken {@code dispatch-lead} before an announced ready time and claims the instances
 * of that time then; their dispatch frame is encoded at once and held on a timer that sends it at the ready time
 * itself. The fire → dispatch path is thus one timer wake-up and one socket write, not a claim transaction. Should
 * the agent leave while its dispatch is held, the instances are declared lost, which re-queues them at once.
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
    private final InstanceService instances;
    private final Tracer tracer;
    private final AgentRepository agents;
    private final InstanceRepository instanceRows;
    private final Map<String, Set<AgentSession>> parked = new ConcurrentHashMap<>();
    /** Wake-ups armed, as {@code queueKey@readyAtMillis}, so many instances of one fire time arm one timer. */
    private final Set<String> armed = ConcurrentHashMap.newKeySet();

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sched-ready-timer");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    });

    public Dispatcher(
            Db db,
            ClaimRepository claims,
            ReliableSender sender,
            ServerIdentity server,
            SchedMetrics metrics,
            SchedConfig config,
            InstanceService instances,
            Tracer tracer,
            AgentRepository agents,
            InstanceRepository instanceRows) {
        this.agents = agents;
        this.instanceRows = instanceRows;
        this.db = db;
        this.claims = claims;
        this.sender = sender;
        this.server = server;
        this.metrics = metrics;
        this.config = config;
        this.instances = instances;
        this.tracer = tracer;
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

    /** Work may be ready for {@code tenant|namespace} (or will be within the dispatch lead): try its parked agents. */
    public void wake(String queueKey) {
        Set<AgentSession> set = parked.get(queueKey);
        if (set != null && !set.isEmpty()) {
            for (AgentSession s : set) {
                workers.execute(() -> serve(s));
            }
        }
    }

    /** Arms a wake-up {@code dispatch-lead} before the moment an instance becomes ready. */
    public void wakeAt(String queueKey, long readyAtMillis) {
        long delay = readyAtMillis - config.dispatchLead().toMillis() - System.currentTimeMillis();
        if (delay <= 0) {
            wake(queueKey);
            return;
        }
        String key = queueKey + "@" + readyAtMillis;
        if (armed.add(key)) {
            timers.schedule(
                    () -> {
                        armed.remove(key);
                        wake(queueKey);
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void serve(AgentSession s) {
        List<ClaimRepository.Claimed> got;
        synchronized (s) {
            int slots = s.parkedSlots;
            if (slots == 0 || !s.conn.isOpen() || !"active".equals(s.mode)) {
                return;
            }
            Instant now = Instant.now();
            Instant horizon = now.plus(config.dispatchLead());
            try {
                got = db.tx(c -> claims.claim(
                        c, s.tenant, s.namespace, s.labelsJson, s.agentId, server.id(), slots, now, horizon));
            } catch (RuntimeException e) {
                LOG.warnf("claim for agent %s failed: %s", s.agentId, e.getMessage());
                return;
            }
            if (got.isEmpty()) {
                return;
            }
            s.parkedSlots = 0;
            forget(s);
        }
        Instant sendAt = got.stream()
                .map(ClaimRepository.Claimed::readyAt)
                .max(Instant::compareTo)
                .orElseThrow();
        long delayNanos = Duration.between(Instant.now(), sendAt).toNanos();
        if (delayNanos > 0 && s.holdsDispatch) {
            // The agent holds it and starts it at not_before by its own timer: the fire does not wait for us.
            sendAhead(s, got);
            return;
        }
        ReliableSender.Encoded frame = sender.encode(
                Kind.TASK_DISPATCH,
                new Messages.TaskDispatch(
                        got.stream().map(x -> forAgent(s, x, null)).toList()));
        if (delayNanos <= 0) {
            deliver(s, got, frame);
        } else {
            timers.schedule(() -> deliver(s, got, frame), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The dispatch as this agent gets it: {@code notBefore} only when it holds it, and the context of a dispatch span
     * (a child of the trace the instance was queued under) when it traces its runs.
     */
    private Messages.Dispatch forAgent(AgentSession s, ClaimRepository.Claimed x, Long notBefore) {
        Span span = tracer.spanBuilder("sched dispatch")
                .setParent(Traces.parent(x.traceparent()))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("hetumind.instance_id", x.dispatch().instanceId().toString())
                .setAttribute("hetumind.job_id", x.dispatch().jobId().toString())
                .setAttribute("hetumind.agent_id", String.valueOf(s.agentId))
                .setAttribute("hetumind.attempt", x.dispatch().attempt())
                .startSpan();
        span.end();
        String traceparent = s.tracesRuns ? Traces.format(span.getSpanContext()) : null;
        return notBefore == null && traceparent == null
                ? x.dispatch()
                : x.dispatch().with(notBefore, traceparent);
    }

    private void sendAhead(AgentSession s, List<ClaimRepository.Claimed> got) {
        if (!s.conn.isOpen()) {
            workers.execute(() -> release(s, got));
            return;
        }
        for (ClaimRepository.Claimed x : got) {
            s.heldAhead.put(x.dispatch().instanceId(), x.readyAt());
            if ("cron".equals(x.trigger()) && x.fireAt() != null) {
                s.cronSentAhead.put(x.dispatch().instanceId(), x.fireAt());
            }
        }
        sender.send(
                s,
                sender.encode(
                        Kind.TASK_DISPATCH,
                        new Messages.TaskDispatch(got.stream()
                                .map(x -> forAgent(s, x, x.readyAt().toEpochMilli()))
                                .toList())));
        for (ClaimRepository.Claimed x : got) {
            metrics.dispatchedAhead();
            if (s.cancelsSent.contains(x.dispatch().instanceId())) {
                // Canceled between the claim and this send: the agent may have ignored that cancel, so it goes again.
                sender.send(s, Kind.CANCEL, new Messages.Cancel(x.dispatch().instanceId(), "canceled through the API"));
            }
        }
    }

    private void deliver(AgentSession s, List<ClaimRepository.Claimed> got, ReliableSender.Encoded frame) {
        if (!s.conn.isOpen()) {
            workers.execute(() -> release(s, got));
            return;
        }
        sender.send(s, frame);
        Instant now = Instant.now();
        for (ClaimRepository.Claimed x : got) {
            metrics.dispatched(x.readyAt(), x.trigger(), x.fireAt(), now);
            if (s.cancelsSent.contains(x.dispatch().instanceId())) {
                // Canceled while held: the agent got (and ignored) that cancel before the dispatch, so it goes again.
                sender.send(s, Kind.CANCEL, new Messages.Cancel(x.dispatch().instanceId(), "canceled through the API"));
            }
        }
    }

    /** The agent left while its dispatch was held: its instances are lost, which re-queues them at once. */
    private void release(AgentSession s, List<ClaimRepository.Claimed> got) {
        try {
            List<Runnable> afterCommit = new ArrayList<>();
            db.tx(c -> {
                for (ClaimRepository.Claimed x : got) {
                    instances.lose(
                            c, x.dispatch().instanceId(), "the agent left before its dispatch was sent", afterCommit);
                }
                return null;
            });
            afterCommit.forEach(Runnable::run);
        } catch (RuntimeException e) {
            LOG.warnf("releasing instances held for agent %s failed: %s", s.agentId, e.getMessage());
        }
    }

    /**
     * The agent's connection closed at {@code closedAt}. An agent drops the runs it holds when it loses its link
     * (they never start there), so the runs held on this connection whose ready time had not come at the close are
     * declared lost, and re-queued at once, {@code held-release-after} later, unless the agent registered again
     * meanwhile (its register then listed what it still has, and the rest was declared lost). "Again" is read from
     * the row's {@code connected_at}, not from the close time: a register whose transaction began before the close
     * was seen still comes after this connection's. Runs whose time had
     * come may have started unreported: they wait for the agent's register or {@code dead-after}, as before.
     */
    void releaseHeldLater(AgentSession s, Instant closedAt) {
        UUID agent = s.agentId;
        java.time.Instant registeredAt = s.registeredAt;
        if (agent == null || registeredAt == null || s.heldAhead.isEmpty()) {
            return;
        }
        List<UUID> ids = s.heldAhead.entrySet().stream()
                .filter(e -> e.getValue().isAfter(closedAt))
                .map(Map.Entry::getKey)
                .toList();
        if (!ids.isEmpty()) {
            timers.schedule(
                    () -> workers.execute(() -> releaseIfGone(agent, registeredAt, ids)),
                    config.heldReleaseAfter().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void releaseIfGone(UUID agent, Instant registeredAt, List<UUID> ids) {
        try {
            List<Runnable> afterCommit = new ArrayList<>();
            int lost = db.tx(c -> {
                io.hetumind.taskserver.model.Agent a = agents.lock(c, agent);
                if (a == null || !registeredAt.equals(a.connectedAt())) {
                    return 0; // it came back (or is gone): its register decided
                }
                int n = 0;
                for (UUID id : ids) {
                    InstanceRepository.Owned o = instanceRows.lockForAgent(c, id);
                    if (o != null
                            && InstanceState.DISPATCHED
                                    .wire()
                                    .equals(o.instance().status())
                            && agent.equals(o.instance().agentId())
                            && o.instance().startedAt() == null
                            && instances.lose(
                                    c,
                                    id,
                                    "the agent's connection closed while it held the run, and it did not come back within "
                                            + config.heldReleaseAfter().toMillis() + " ms",
                                    afterCommit)) {
                        n++;
                    }
                }
                return n;
            });
            afterCommit.forEach(Runnable::run);
            if (lost > 0) {
                metrics.heldReleased(lost);
                LOG.infof("agent %s did not come back: %d held run(s) re-queued", agent, lost);
            }
        } catch (RuntimeException e) {
            LOG.warnf("releasing runs held by agent %s failed: %s", agent, e.getMessage());
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
