package io.hetumind.studio.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.RunEvent;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.live.LiveWatch;
import io.hetumind.studio.live.Notices;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Publishes execution events to every studio replica: {@code pg_notify('hetumind_execution_events', [json, …])}, as
 * many events per notification as fit ({@link Notices}), each
 * {@code {"tenantId","executionId","workflowId","type":"status|nodeStarted|nodeFinished","node","status","seq","at"}}
 * (see services/studio/README.md); each call a root makes of a sub-node is a nodeStarted and a nodeFinished of the
 * sub-node as it starts and ends. Node events come from the engine; an execution's parked or final status is
 * published only once its record is written, so a client that reads the executions API on that event sees it.
 * Notifications are sent in batches from one thread; the engine never waits for them.
 *
 * <p>Node events and the running status go out only when someone may be following: the run is a manual one (the
 * designer opens its connection once it has the execution id), or its tenant has a live connection on some replica
 * ({@link LiveWatch}). The parked or final status always goes: callers waiting on another replica need it. A webhook
 * run nobody watches thus publishes one notice instead of one per node event.
 */
@ApplicationScoped
public class LiveEvents implements ExecutionListener {
    public static final String CHANNEL = "hetumind_execution_events";
    private static final Logger LOG = Logger.getLogger(LiveEvents.class);
    /** Statuses a waiter on another replica acts on: published whether or not anyone follows the tenant. */
    private static final java.util.Set<String> SETTLED =
            java.util.Set.of("success", "error", "canceled", "waiting", "crashed");

    private final DataSource ds;
    private final LiveWatch watch;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Object> handshakes = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> outbox = new LinkedBlockingQueue<>(100_000);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;
    private Thread sender;

    private final io.hetumind.studio.config.BatchMeter meter;

    public LiveEvents(DataSource ds, LiveWatch watch, io.micrometer.core.instrument.MeterRegistry meters) {
        this.ds = ds;
        this.watch = watch;
        this.meter = new io.hetumind.studio.config.BatchMeter(meters, "hetumind_live_events_batch", "live events");
    }

    void start(@Observes StartupEvent e) {
        sender = Thread.ofPlatform().daemon().name("live-events-notify").start(this::send);
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
    }

    /** Names the tenant and workflow of an execution this process is about to run. */
    public void running(String executionId, UUID tenantId, UUID workflowId) {
        runs.put(executionId, new Run(tenantId, workflowId, false));
    }

    /** The execution is a manual run: its node events go out whether or not its tenant is being followed. */
    public void interactive(String executionId) {
        runs.computeIfPresent(executionId, (k, r) -> new Run(r.tenantId, r.workflowId, true));
    }

    /** This process stopped running the execution without a record (it lost the lease). */
    public void forget(String executionId) {
        runs.remove(executionId);
        handshakes.remove(executionId);
    }

    /**
     * Publishes a status change that did not come from the engine (queued, canceled while not running, a Temporal run
     * going on): as the engine's, a manual run's goes out whether or not its tenant is being followed.
     */
    public void status(UUID tenantId, String executionId, UUID workflowId, String status) {
        Run run = runs.get(executionId);
        if (SETTLED.contains(status) || (run != null && run.interactive) || watch.watched(tenantId)) {
            offer(json(tenantId, executionId, workflowId, "status", null, status, 0, System.currentTimeMillis()));
        }
    }

    /**
     * Publishes a node event that did not come from this process's engine (a node try of a Temporal execution, run by
     * whichever worker Temporal chose): {@code type} nodeStarted or nodeFinished. Such events carry no journal
     * sequence ({@code seq} 0); their {@code at} orders them.
     */
    public void node(
            UUID tenantId, String executionId, UUID workflowId, String type, String node, String status, long at) {
        Run run = runs.get(executionId);
        if ((run != null && run.interactive) || watch.watched(tenantId)) {
            offer(json(tenantId, executionId, workflowId, type, node, status, 0, at));
        }
    }

    /** The execution's record now shows its parked or final state: its status event may go. */
    public void recorded(String executionId) {
        Object[] out = new Object[1];
        handshakes.compute(executionId, (k, v) -> {
            if (v instanceof RunEvent event) {
                out[0] = event;
                return null;
            }
            return Boolean.TRUE;
        });
        if (out[0] instanceof RunEvent event) {
            publishStatus(event);
        }
    }

    @Override
    public void onEvent(RunEvent e) {
        String id = e.executionId();
        boolean root = runs.containsKey(id);
        Run run = runs.get(root ? id : rootOf(id));
        if (run == null) {
            return;
        }
        if (!run.interactive && !alwaysPublished(e.kind(), root) && !watch.watched(run.tenantId)) {
            return;
        }
        switch (e.kind()) {
            case NODE_STARTED ->
                offer(json(run.tenantId, id, run.workflowId, "nodeStarted", e.node(), "running", e.seq(), e.at()));
            case NODE_FINISHED ->
                offer(json(run.tenantId, id, run.workflowId, "nodeFinished", e.node(), "success", e.seq(), e.at()));
            case NODE_FAILED ->
                offer(json(run.tenantId, id, run.workflowId, "nodeFinished", e.node(), "error", e.seq(), e.at()));
            // each call of a sub-node as it starts and ends (n8n's nodeExecuteBefore / After for the sub-node)
            case SUB_NODE_STARTED ->
                offer(json(run.tenantId, id, run.workflowId, "nodeStarted", e.node(), "running", e.seq(), e.at()));
            case SUB_NODE_FINISHED ->
                offer(json(
                        run.tenantId,
                        id,
                        run.workflowId,
                        "nodeFinished",
                        e.node(),
                        e.error() == null ? "success" : "error",
                        e.seq(),
                        e.at()));
            case NODE_WAITING ->
                offer(json(run.tenantId, id, run.workflowId, "nodeFinished", e.node(), "waiting", e.seq(), e.at()));
            case EXECUTION_STARTED, EXECUTION_RESUMED, EXECUTION_CRASHED ->
                offer(json(
                        run.tenantId,
                        id,
                        run.workflowId,
                        "status",
                        null,
                        e.status().wire(),
                        e.seq(),
                        e.at()));
            case EXECUTION_FINISHED, EXECUTION_WAITING -> {
                if (!root) {
                    offer(json(
                            run.tenantId,
                            id,
                            run.workflowId,
                            "status",
                            null,
                            e.status().wire(),
                            e.seq(),
                            e.at()));
                    return;
                }
                boolean[] now = new boolean[1];
                handshakes.compute(id, (k, v) -> {
                    if (v == Boolean.TRUE) {
                        now[0] = true;
                        return null;
                    }
                    return e;
                });
                if (now[0]) {
                    publishStatus(e);
                }
            }
            default -> {}
        }
    }

    private void publishStatus(RunEvent e) {
        Run run =
                e.kind() == RunEvent.Kind.EXECUTION_FINISHED ? runs.remove(e.executionId()) : runs.get(e.executionId());
        if (run != null) {
            offer(json(
                    run.tenantId,
                    e.executionId(),
                    run.workflowId,
                    "status",
                    null,
                    e.status().wire(),
                    e.seq(),
                    e.at()));
        }
    }

    /** A root execution's parked, final or crashed status: waiters on other replicas act on it. */
    private static boolean alwaysPublished(RunEvent.Kind kind, boolean root) {
        return root
                && (kind == RunEvent.Kind.EXECUTION_FINISHED
                        || kind == RunEvent.Kind.EXECUTION_WAITING
                        || kind == RunEvent.Kind.EXECUTION_CRASHED);
    }

    private static String rootOf(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    private static String json(
            UUID tenantId,
            String executionId,
            UUID workflowId,
            String type,
            String node,
            String status,
            long seq,
            long at) {
        ObjectNode o = Json.object();
        o.put("tenantId", tenantId.toString());
        o.put("executionId", executionId);
        o.put("workflowId", workflowId.toString());
        o.put("type", type);
        if (node == null) {
            o.putNull("node");
        } else {
            o.put("node", node.length() > 512 ? node.substring(0, 512) : node);
        }
        o.put("status", status);
        o.put("seq", seq);
        o.put("at", at);
        return o.toString();
    }

    private void offer(String payload) {
        if (!outbox.offer(payload)) {
            dropped.incrementAndGet();
        }
    }

    /** Events not published because the outbox was full (the database was unreachable for long). */
    public long dropped() {
        return dropped.get();
    }

    private void send() {
        List<String> batch = new ArrayList<>(512);
        while (running) {
            try {
                String first = outbox.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, 511);
                long t0 = System.nanoTime();
                notifyAll(batch);
                meter.record(batch.size(), t0);
                batch.clear();
            } catch (InterruptedException ie) {
                return;
            } catch (SQLException | RuntimeException ex) {
                LOG.warnf("live events: could not notify (%s); %d events lost", ex.getMessage(), batch.size());
                dropped.addAndGet(batch.size());
                batch.clear();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void notifyAll(List<String> batch) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(pg_notify('" + CHANNEL
                        + "', p)) FROM unnest(?::text[]) WITH ORDINALITY AS t(p, n)")) {
            ps.setArray(1, c.createArrayOf("text", Notices.pack(batch).toArray()));
            ps.execute();
        }
    }

    private record Run(UUID tenantId, UUID workflowId, boolean interactive) {}
}
