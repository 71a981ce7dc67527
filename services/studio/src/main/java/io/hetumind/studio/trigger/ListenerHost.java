package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.sdk.plugin.PluginGuard;
import io.hetumind.studio.credential.TenantCredentials;
import io.hetumind.studio.engine.Executions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs the listening triggers of active workflows ({@link ListenTrigger}, rows of table {@code listener}). Exactly one
 * replica runs each: the one that holds the PostgreSQL advisory lock of (tenant, workflow, node) on a connection kept
 * for the listener's lifetime; when that replica dies its connection closes, the lock is released and another
 * replica's next poll takes the listener over. Every poll reconciles: listeners whose row is gone are stopped, those
 * whose workflow version changed are restarted, broken ones are reopened after a back-off (1 s doubling up to
 * {@code listen-max-backoff}). Each event is queued as an execution (mode {@code trigger}, acting for the workflow's
 * owner) before the broker is told it was taken; a listener that asks is also told when that execution finished
 * (whichever replica ran it), so it can acknowledge only then. Listeners get the network policy and the binary store,
 * and keep what they save ({@link ListenContext#saveState}) in {@link ListenerStates}. A plugin's trigger opens through
 * {@link PluginGuard}: narrowed to what its plugin declares, bounded in time.
 */
@ApplicationScoped
public class ListenerHost {
    private static final Logger LOG = Logger.getLogger(ListenerHost.class);

    private final DataSource db;
    private final TriggerStore store;
    private final TriggerConfig config;
    private final NodeRegistry registry;
    private final TenantCredentials credentials;
    private final Instance<Executions> executions;
    private final Instance<NetworkPolicy> network;
    private final Instance<BinaryStore> binaries;
    /** The instance's node switches (a Local File Trigger needs local files allowed). */
    private final NodePolicy nodePolicy;

    private final ListenerStates states;
    private final PluginGuard guard;
    private final LivePlugins plugins;
    private final Map<Key, Running> running = new ConcurrentHashMap<>();
    private final Counter emits;
    private final Counter emitFailures;
    private final Counter failures;

    record Key(java.util.UUID tenantId, java.util.UUID workflowId, String node) {
        String lockName() {
            return "hetumind-listener:" + tenantId + ":" + workflowId + ":" + node;
        }
    }

    /** A listener this replica holds the lock of; {@code listener} is null while it is down. */
    final class Running {
        final TriggerStore.Listener row;
        final Connection lock;
        volatile AutoCloseable listener;
        /** The hold on the plugin whose code the listener runs (null for a built-in), so it is not destroyed under it. */
        volatile LivePlugins.Use use;

        volatile String down;
        volatile Instant retryAt = Instant.EPOCH;
        volatile int failuresInARow;

        Running(TriggerStore.Listener row, Connection lock) {
            this.row = row;
            this.lock = lock;
        }
    }

    public ListenerHost(
            DataSource db,
            TriggerStore store,
            TriggerConfig config,
            NodeRegistry registry,
            TenantCredentials credentials,
            Instance<Executions> executions,
            Instance<NetworkPolicy> network,
            Instance<BinaryStore> binaries,
            ListenerStates states,
            LivePlugins plugins,
            NodePolicy nodePolicy,
            MeterRegistry metrics) {
        this.db = db;
        this.store = store;
        this.config = config;
        this.registry = registry;
        this.credentials = credentials;
        this.executions = executions;
        this.network = network;
        this.binaries = binaries;
        this.states = states;
        this.guard = plugins.guard(nodePolicy);
        this.nodePolicy = nodePolicy;
        this.plugins = plugins;
        Gauge.builder("hetumind.listeners.active", running, m -> m.values().stream()
                        .filter(r -> r.listener != null)
                        .count())
                .description("listening triggers connected on this replica")
                .register(metrics);
        this.emits = Counter.builder("hetumind.listener.emits")
                .tag("outcome", "queued")
                .description("events of listening triggers queued as executions")
                .register(metrics);
        this.emitFailures = Counter.builder("hetumind.listener.emits")
                .tag("outcome", "refused")
                .description("events of listening triggers that could not be queued (left to the broker)")
                .register(metrics);
        this.failures = Counter.builder("hetumind.listener.failures")
                .description("listeners that failed to open or lost their connection")
                .register(metrics);
    }

    /** Listeners this replica holds that are down, with why (for health). */
    public Map<String, String> down() {
        Map<String, String> out = new HashMap<>();
        running.forEach((k, r) -> {
            if (r.down != null) {
                out.put(k.workflowId() + "/" + k.node(), r.down);
            }
        });
        return out;
    }

    /** How many listeners this replica holds, connected or not. */
    public int held() {
        return running.size();
    }

    @Scheduled(
            every = "${hetumind.studio.triggers.listen-poll:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "hetumind-listeners")
    void poll() {
        if (!config.listenersEnabled()) {
            return;
        }
        try {
            reconcile();
        } catch (Exception e) {
            LOG.warnf("reconciling listeners failed: %s", e.getMessage());
        }
    }

    synchronized void reconcile() throws Exception {
        Map<Key, TriggerStore.Listener> wanted = new HashMap<>();
        for (TriggerStore.Listener l : store.listeners()) {
            wanted.put(new Key(l.tenantId(), l.workflowId(), l.nodeName()), l);
        }
        for (var e : List.copyOf(running.entrySet())) {
            TriggerStore.Listener row = wanted.get(e.getKey());
            Running r = e.getValue();
            if (row == null
                    || row.workflowVersion() != r.row.workflowVersion()
                    || !row.node().equals(r.row.node())) {
                stop(e.getKey(), row == null ? "deactivated" : "workflow updated");
            } else if (!r.lock.isValid(2)) {
                stop(e.getKey(), "lock connection lost"); // another replica may hold it now
            }
        }
        for (var e : wanted.entrySet()) {
            Running r = running.get(e.getKey());
            if (r == null) {
                r = claim(e.getKey(), e.getValue());
                if (r == null) {
                    continue; // another replica runs it
                }
            }
            if (r.listener == null && !Instant.now().isBefore(r.retryAt)) {
                open(e.getKey(), r);
            }
        }
    }

    private Running claim(Key key, TriggerStore.Listener row) throws Exception {
        Connection c = db.getConnection();
        try {
            boolean got;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                ps.setString(1, key.lockName());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    got = rs.getBoolean(1);
                }
            }
            if (!got) {
                c.close();
                return null;
            }
            Running r = new Running(row, c);
            running.put(key, r);
            return r;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    private void open(Key key, Running r) {
        TriggerStore.Listener row = r.row;
        try {
            Node node = NodeCodec.read(row.node());
            ListenTrigger type = registry.find(node.type())
                    .filter(ListenTrigger.class::isInstance)
                    .map(ListenTrigger.class::cast)
                    .orElseThrow(() -> new IllegalStateException("node type " + node.type() + " cannot listen here"));
            // a plugin's trigger gets what its plugin declares, and one that hangs holds this poll only so long
            LivePlugins.Use use = plugins.use(List.of((io.hetumind.core.spi.NodeType) type))
                    .orElseThrow(() -> new IllegalStateException("node type " + node.type() + " was just unloaded"));
            try {
                r.listener = guard.listen(type, new TriggerParams(node), context(key, r, node));
            } catch (Exception e) {
                use.close();
                throw e;
            }
            r.use = use;
            r.down = null;
            r.failuresInARow = 0;
            LOG.infof("listener %s/%s of tenant %s: listening", row.workflowId(), row.nodeName(), row.tenantId());
        } catch (Exception e) {
            down(key, r, e.getMessage());
        }
    }

    private ListenContext context(Key key, Running r, Node node) {
        TriggerStore.Listener row = r.row;
        return new ListenContext() {
            @Override
            public String workflowId() {
                return row.workflowId().toString();
            }

            @Override
            public ZoneId zone() {
                return ZoneId.of(row.zone());
            }

            @Override
            public Optional<ObjectNode> credentials(String credentialType) {
                var ref = node.credentials() == null ? null : node.credentials().get(credentialType);
                return ref == null
                        ? Optional.empty()
                        : credentials.resolverFor(row.tenantId(), row.runAs()).resolve(ref, credentialType);
            }

            @Override
            public <T> Optional<T> service(Class<T> serviceType) {
                if (serviceType == NetworkPolicy.class && network.isResolvable()) {
                    return Optional.of(serviceType.cast(network.get()));
                }
                if (serviceType == NodePolicy.class) {
                    return Optional.of(serviceType.cast(nodePolicy));
                }
                // the executions' store: files a listener keeps (mail attachments, binary bodies) travel in the items
                return serviceType == BinaryStore.class && binaries.isResolvable()
                        ? Optional.of(serviceType.cast(binaries.get()))
                        : Optional.empty();
            }

            @Override
            public System.Logger log() {
                return System.getLogger(ListenerHost.class.getName());
            }

            @Override
            public void emit(List<Item> items) throws EmitRefusedException {
                queue(items);
            }

            @Override
            public Optional<ObjectNode> loadState() {
                try {
                    return states.load(row.tenantId(), row.workflowId(), row.nodeName());
                } catch (Exception e) {
                    LOG.warnf(
                            "listener %s/%s: could not read its saved state (%s); it starts without",
                            row.workflowId(), row.nodeName(), e.getMessage());
                    return Optional.empty();
                }
            }

            @Override
            public void saveState(ObjectNode state) {
                if (running.get(key) != r) {
                    return; // stopped: the replica that holds the listener now keeps its own
                }
                try {
                    states.save(row.tenantId(), row.workflowId(), row.nodeName(), state);
                } catch (Exception e) {
                    LOG.warnf(
                            "listener %s/%s: could not save its state (%s)",
                            row.workflowId(), row.nodeName(), e.getMessage());
                }
            }

            @Override
            public Optional<CompletionStage<ExecutionEnd>> emitAndFollow(List<Item> items) throws EmitRefusedException {
                return Optional.of(queue(items).result().thenApply(ListenerHost::end));
            }

            private Executions.StartedExecution queue(List<Item> items) throws EmitRefusedException {
                if (running.get(key) != r) {
                    throw new EmitRefusedException("the listener was stopped", null);
                }
                try {
                    Executions.StartedExecution started = QuarkusTransaction.requiringNew()
                            .call(() -> executions
                                    .get()
                                    .start(new Executions.Launch(
                                            row.tenantId(),
                                            row.workflowId(),
                                            row.workflowVersion(),
                                            "trigger",
                                            row.nodeName(),
                                            items,
                                            Executions.Placement.QUEUED,
                                            Map.of(),
                                            null)));
                    emits.increment();
                    return started;
                } catch (RuntimeException e) {
                    emitFailures.increment();
                    LOG.warnf(
                            "listener %s/%s: queueing an execution failed: %s",
                            row.workflowId(), row.nodeName(), e.getMessage());
                    throw new EmitRefusedException("queueing the execution failed: " + e.getMessage(), e);
                }
            }

            @Override
            public void broken(String reason, Throwable cause) {
                // never close from the client's own callback thread
                Thread.ofVirtual().start(() -> down(key, r, reason));
            }
        };
    }

    /** A finished (or parked) execution as a listener sees it: anything but an error or a cancel succeeded. */
    private static ListenContext.ExecutionEnd end(ExecutionResult result) {
        ExecutionStatus status = result.status();
        boolean ok = status != ExecutionStatus.ERROR && status != ExecutionStatus.CANCELED;
        var error = result.state().error();
        return new ListenContext.ExecutionEnd(ok, ok ? null : error == null ? status.wire() : error.message());
    }

    private void down(Key key, Running r, String reason) {
        AutoCloseable l = r.listener;
        r.listener = null;
        close(l);
        failures.increment();
        int n = Math.min(r.failuresInARow++, 16);
        Duration wait = Duration.ofSeconds(1L << n);
        if (wait.compareTo(config.listenMaxBackoff()) > 0) {
            wait = config.listenMaxBackoff();
        }
        r.retryAt = Instant.now().plus(wait);
        r.down = reason;
        LOG.warnf("listener %s/%s is down, retrying in %s: %s", key.workflowId(), key.node(), wait, reason);
    }

    private void stop(Key key, String why) {
        Running r = running.remove(key);
        if (r == null) {
            return;
        }
        close(r.listener);
        r.listener = null;
        if (r.use != null) {
            r.use.close();
            r.use = null;
        }
        try (Connection c = r.lock;
                PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            ps.setString(1, key.lockName());
            ps.execute();
        } catch (Exception e) {
            // a dead connection has released the lock already
        }
        LOG.infof("listener %s/%s stopped: %s", key.workflowId(), key.node(), why);
    }

    /**
     * After a plugin reload: stops the listeners this replica holds whose node type is one of {@code types} (their
     * plugin was unloaded or replaced) and opens them again at once, with the node type in service now (or down with
     * the unknown type, when none has it any more).
     */
    public synchronized int reopen(java.util.Set<String> types) {
        int n = 0;
        for (var e : List.copyOf(running.entrySet())) {
            String type;
            try {
                type = NodeCodec.read(e.getValue().row.node()).type();
            } catch (RuntimeException ex) {
                continue;
            }
            if (types.contains(type)) {
                stop(e.getKey(), "its node plugin was reloaded");
                n++;
            }
        }
        if (n > 0 && config.listenersEnabled()) {
            try {
                reconcile();
            } catch (Exception ex) {
                LOG.warnf(
                        "reopening listeners after a plugin reload failed (the next poll retries): %s",
                        ex.getMessage());
            }
        }
        return n;
    }

    private static void close(AutoCloseable l) {
        if (l == null) {
            return;
        }
        try {
            l.close();
        } catch (Exception e) {
            LOG.debugf("closing a listener: %s", e.getMessage());
        }
    }

    @PreDestroy
    synchronized void shutdown() {
        for (Key k : List.copyOf(running.keySet())) {
            stop(k, "shutting down");
        }
    }
}
