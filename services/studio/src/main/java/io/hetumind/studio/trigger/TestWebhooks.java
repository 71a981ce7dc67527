package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ActiveTriggers;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.sdk.plugin.PluginGuard;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.studio.workflow.WorkflowVersions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The designer's listen mode: registers a workflow's Webhook nodes under {@code /webhook-test/…} for {@code
 * test-webhook-ttl}; the first request to any of them captures the registration and runs the saved head version in
 * manual mode. Registrations live in PostgreSQL, so the request may reach any replica.
 */
@ApplicationScoped
public class TestWebhooks {
    private final Instance<WorkflowVersions> workflows;
    private final NodeRegistry registry;
    private final TestWebhookStore store;
    private final TriggerStore triggers;
    private final WebhookRoutes routes;
    private final TriggerConfig config;
    private final PluginGuard guard;

    public TestWebhooks(
            Instance<WorkflowVersions> workflows,
            NodeRegistry registry,
            TestWebhookStore store,
            TriggerStore triggers,
            WebhookRoutes routes,
            TriggerConfig config,
            LivePlugins plugins,
            NodePolicy nodePolicy) {
        this.guard = plugins.guard(nodePolicy);
        this.workflows = workflows;
        this.registry = registry;
        this.store = store;
        this.triggers = triggers;
        this.routes = routes;
        this.config = config;
    }

    /** Starts listening for {@code workflowId}'s next webhook request, replacing a registration still waiting. */
    public TestWebhookStore.Registration listen(UUID tenantId, UUID workflowId, UUID userId) {
        StoredWorkflow wf = (workflows.isResolvable()
                        ? workflows.get().head(tenantId, workflowId)
                        : Optional.<StoredWorkflow>empty())
                .orElseThrow(() -> ProblemException.notFound("workflow " + workflowId));
        List<ActiveTriggers.Entry> hooks = TriggerService.entries(wf.workflow(), registry, guard).stream()
                .filter(e -> e.kind() == TriggerKind.WEBHOOK)
                .toList();
        if (hooks.isEmpty()) {
            throw ProblemException.badRequest("no-webhook", "the workflow has no enabled Webhook node to listen for");
        }
        ArrayNode nodes = Json.array();
        Set<String> keys = new HashSet<>();
        for (ActiveTriggers.Entry e : hooks) {
            Node node = wf.workflow().nodes().stream()
                    .filter(n -> n.name().equals(e.node()))
                    .findFirst()
                    .orElseThrow();
            TriggerService.checkAuth(node, e.webhook());
            WebhookPath path = TriggerService.path(e);
            for (String method : e.webhook().methods()) {
                if (!keys.add(method + " " + path.key())) {
                    throw ProblemException.invalid(
                            "nodes." + e.node() + ".parameters.path",
                            "another Webhook node of this workflow already listens on " + method + " " + path.path());
                }
                nodes.addObject()
                        .put("method", method)
                        .put("path", path.path()) // the spec's path: not always the node's 'path' (Chat Trigger)
                        .set("node", Json.parse(NodeCodec.write(wf.workflow(), e.node())));
            }
        }
        var reg =
                io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> register(wf, nodes, keys, userId));
        routes.changed("test " + wf.workflowId());
        return reg;
    }

    /** The path a registration entry listens on (entries written before it was stored: the node's {@code path}). */
    public static String registeredPath(com.fasterxml.jackson.databind.JsonNode entry) {
        return entry.hasNonNull("path")
                ? entry.path("path").asText()
                : entry.path("node").path("parameters").path("path").asText().replaceAll("^/+", "");
    }

    private TestWebhookStore.Registration register(StoredWorkflow wf, ArrayNode nodes, Set<String> keys, UUID userId) {
        for (TestWebhookStore.Registration other : store.waitingOthers(wf.workflowId())) {
            for (var n : other.nodes()) {
                String otherKey = n.path("method").asText() + " "
                        + WebhookPath.of(registeredPath(n)).key();
                if (keys.contains(otherKey)) {
                    throw new ProblemException(
                            409,
                            "webhook-path-taken",
                            "Webhook path taken",
                            "another workflow is listening for a test request on " + otherKey + "; try again when it"
                                    + " is done or change the path");
                }
            }
        }
        store.deleteWaiting(wf.tenantId(), wf.workflowId());
        var reg = new TestWebhookStore.Registration(
                io.hetumind.platform.id.Ids.next(),
                wf.tenantId(),
                wf.workflowId(),
                wf.version(),
                nodes,
                Instant.now().plus(config.testWebhookTtl()),
                null,
                null);
        store.insert(reg, userId);
        triggers.announce("test", wf.workflowId());
        return reg;
    }

    public Optional<TestWebhookStore.Registration> find(UUID tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    public boolean stop(UUID tenantId, UUID id) {
        Optional<TestWebhookStore.Registration> reg = store.find(tenantId, id);
        if (reg.isEmpty() || !store.delete(tenantId, id)) {
            return false;
        }
        triggers.announce("test", reg.get().workflowId());
        routes.changed("test " + reg.get().workflowId());
        return true;
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        // keep expired registrations a while so the designer can still read what happened to them
        for (UUID workflowId : Set.copyOf(store.purge(Duration.ofMinutes(10)))) {
            triggers.announce("test", workflowId);
        }
        routes.reloadTests();
    }
}
