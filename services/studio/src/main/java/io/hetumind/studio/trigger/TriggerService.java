package io.hetumind.studio.trigger;

import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ActiveTriggers;
import io.hetumind.core.spi.trigger.ScheduleTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.platform.db.Db;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.sdk.plugin.PluginGuard;
import io.hetumind.studio.workflow.StoredWorkflow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Registers an active workflow's webhooks and schedules in the trigger tables, inside the caller's transaction, and
 * announces the change so every replica's routes follow at commit (this one at once, through a commit callback).
 */
@ApplicationScoped
public class TriggerService implements Triggers {
    private final NodeRegistry registry;
    private final TriggerStore store;
    private final WebhookRoutes routes;
    private final TransactionSynchronizationRegistry tx;
    private final PluginGuard guard;

    public TriggerService(
            NodeRegistry registry,
            TriggerStore store,
            WebhookRoutes routes,
            TransactionSynchronizationRegistry tx,
            LivePlugins plugins,
            NodePolicy nodePolicy) {
        this.registry = registry;
        this.store = store;
        this.routes = routes;
        this.tx = tx;
        this.guard = plugins.guard(nodePolicy);
    }

    @Override
    @Transactional
    public void activate(StoredWorkflow stored) {
        Workflow workflow = stored.workflow();
        List<ActiveTriggers.Entry> entries = entries(workflow);
        List<ActiveTriggers.Entry> firing = entries.stream()
                .filter(e -> e.kind() == TriggerKind.WEBHOOK
                        || e.kind() == TriggerKind.SCHEDULE
                        || e.kind() == TriggerKind.LISTEN)
                .toList();
        if (firing.isEmpty()) {
            throw ProblemException.badRequest(
                    "no-trigger",
                    "Workflow has no node to start it automatically: activating needs at least one enabled Webhook,"
                            + " Schedule Trigger or listening trigger (MQTT Trigger …) node (a manual trigger only runs from the designer)");
        }
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ActiveTriggers.Entry e : firing) {
            if (e.kind() != TriggerKind.WEBHOOK) {
                continue;
            }
            Node node = node(workflow, e.node());
            checkAuth(node, e.webhook());
            WebhookPath path = path(e);
            for (String method : e.webhook().methods()) {
                if (!seen.add(method + " " + path.key())) {
                    throw ProblemException.invalid(
                            "nodes." + e.node() + ".parameters.path",
                            "another Webhook node of this workflow already listens on " + method + " " + path.path());
                }
                endpoints.add(new WebhookEndpoint(
                        stored.tenantId(),
                        stored.workflowId(),
                        stored.version(),
                        method,
                        path,
                        node,
                        e.webhook(),
                        WebhookEndpoint.Options.of(node),
                        null));
            }
        }
        checkConflicts(stored, endpoints);
        store.delete(stored.tenantId(), stored.workflowId());
        for (WebhookEndpoint e : endpoints) {
            try {
                store.insertWebhook(e, NodeCodec.write(workflow, e.node().name()));
            } catch (SQLException ex) {
                if (Db.uniqueViolation(ex)) { // an activation racing ours took the path since we checked
                    throw conflict(e.method() + " " + e.path().path(), null);
                }
                throw new IllegalStateException(ex);
            }
        }
        ZoneId zone = Schedules.zone(workflow);
        for (ActiveTriggers.Entry e : firing) {
            if (e.kind() == TriggerKind.SCHEDULE) {
                Instant next = ScheduleTrigger.next(e.rules(), ZonedDateTime.now(zone))
                        .map(ZonedDateTime::toInstant)
                        .orElseThrow(() -> ProblemException.invalid(
                                "nodes." + e.node() + ".parameters.rule", "the schedule never fires"));
                store.insertSchedule(
                        stored.tenantId(),
                        stored.workflowId(),
                        stored.version(),
                        NodeCodec.write(workflow, e.node()),
                        zone.getId(),
                        next);
            }
        }
        for (ActiveTriggers.Entry e : firing) {
            if (e.kind() == TriggerKind.LISTEN) {
                store.insertListener(
                        stored.tenantId(),
                        stored.workflowId(),
                        stored.version(),
                        e.node(),
                        NodeCodec.write(workflow, e.node()),
                        stored.ownerId(),
                        zone.getId());
            }
        }
        announce(stored.workflowId());
    }

    @Override
    @Transactional
    public void deactivate(UUID tenantId, UUID workflowId) {
        if (store.delete(tenantId, workflowId)) {
            announce(workflowId);
        }
    }

    /**
     * The workflow's triggers, read before anything is written: a plugin's {@code spec}/{@code rules}/{@code target}
     * run through the guard (narrowed, bounded, contained), and any trigger that cannot be read — a refused
     * parameter, a node's code that throws, a plugin that throws or hangs — is a 400 naming the node (and the
     * parameter when the node names one), so the workflow stays as it was.
     */
    List<ActiveTriggers.Entry> entries(Workflow workflow) {
        return entries(workflow, registry, guard);
    }

    static List<ActiveTriggers.Entry> entries(Workflow workflow, NodeRegistry registry, PluginGuard guard) {
        try {
            return ActiveTriggers.of(workflow, registry, guard::call);
        } catch (TriggerConfigException e) {
            String field = "nodes." + e.node() + ".parameters" + (e.parameter() == null ? "" : "." + e.parameter());
            throw ProblemException.invalid(field, e.getMessage());
        }
    }

    static WebhookPath path(ActiveTriggers.Entry e) {
        try {
            return WebhookPath.of(e.webhook().path());
        } catch (IllegalArgumentException ex) {
            throw ProblemException.invalid("nodes." + e.node() + ".parameters.path", ex.getMessage());
        }
    }

    static void checkAuth(Node node, WebhookSpec spec) {
        String field = "nodes." + node.name() + ".parameters.authentication";
        switch (spec.authentication()) {
            case "none" -> {}
            case "basicAuth" -> requireCredential(node, "httpBasicAuth", field);
            case "headerAuth" -> requireCredential(node, "httpHeaderAuth", field);
            case "jwtAuth" -> requireCredential(node, "jwtAuth", field);
            default ->
                throw ProblemException.invalid(
                        field,
                        "'" + spec.authentication() + "' is not supported; use none, basicAuth, headerAuth or jwtAuth");
        }
    }

    private static void requireCredential(Node node, String type, String field) {
        if (!node.credentials().containsKey(type)) {
            throw ProblemException.invalid(field, "needs a credential of type " + type + " on the node");
        }
    }

    private void checkConflicts(StoredWorkflow stored, List<WebhookEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return;
        }
        List<String[]> keys = endpoints.stream()
                .map(e -> new String[] {e.method(), e.path().key()})
                .toList();
        List<TriggerStore.Holder> holders = store.holders(stored.workflowId(), keys);
        if (!holders.isEmpty()) {
            TriggerStore.Holder h = holders.getFirst();
            throw conflict(h.method() + " " + h.path(), h.tenantId().equals(stored.tenantId()) ? h.workflowId() : null);
        }
    }

    private static ProblemException conflict(String what, UUID sameTenantWorkflow) {
        return new ProblemException(
                409,
                "webhook-path-taken",
                "Webhook path taken",
                "The webhook " + what + " is already registered by "
                        + (sameTenantWorkflow == null ? "another active workflow" : "workflow " + sameTenantWorkflow)
                        + "; change the node's path or method, or deactivate that workflow");
    }

    private static Node node(Workflow workflow, String name) {
        return workflow.nodes().stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private void announce(UUID workflowId) {
        store.announce("webhook", workflowId);
        tx.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    // read-your-writes on this replica; a fresh thread reads outside the finished transaction
                    Thread t = Thread.ofVirtual().start(() -> routes.changed("webhook " + workflowId));
                    try {
                        t.join(2_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
    }
}
