package io.hetumind.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Converts an n8n export into a Hetumind workflow: {@code n8n-nodes-base.*} types become the
 * Hetumind types that declare them as aliases, and n8n's legacy (v0) execution order is kept
 * when the export names none. Unsupported types are listed, never silently dropped.
 */
public final class N8nImport {

    /** The converted workflow and the node types no Hetumind node supports (empty when all are). */
    public record Result(Workflow workflow, List<String> unsupported) {
        public boolean ok() {
            return unsupported.isEmpty();
        }
    }

    private N8nImport() {}

    public static Result convert(String text, NodeRegistry registry) {
        JsonNode tree = WorkflowFormat.parseTree(text, false);
        Workflow wf = WorkflowReader.read(tree);
        boolean explicitOrder = tree.path("settings").has("executionOrder");
        Set<String> unsupported = new LinkedHashSet<>();
        List<Node> nodes = new ArrayList<>();
        java.util.Map<String, String> webhookIds = new java.util.HashMap<>();
        for (JsonNode n : tree.path("nodes")) {
            if (n.path("webhookId").isTextual()) {
                webhookIds.put(n.path("name").asText(), n.path("webhookId").asText());
            }
        }
        for (Node n : wf.nodes()) {
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) {
                unsupported.add(n.type() + " (node '" + n.name() + "')");
                nodes.add(n);
            } else {
                nodes.add(withWebhookId(
                        n.withType(t.get().descriptor().type(), n.typeVersion()), t.get(), webhookIds.get(n.name())));
            }
        }
        WorkflowSettings s = wf.settings();
        WorkflowSettings settings = explicitOrder ? s : s.withExecutionOrder("v0");
        Workflow converted =
                new Workflow(wf.id(), wf.name(), wf.version(), nodes, wf.connections(), settings, wf.pinData());
        return new Result(converted, List.copyOf(unsupported));
    }

    /**
     * n8n keeps a node's webhook id beside its parameters ({@code webhookId}, part of the URL of a Chat Trigger and of
     * some other webhooks); a type that declares a {@code webhookId} property receives it there, unless it is set.
     */
    private static Node withWebhookId(Node n, NodeType type, String webhookId) {
        if (webhookId == null
                || webhookId.isBlank()
                || n.parameters().has("webhookId")
                || type.descriptor().propertyAt("webhookId", n.typeVersion()) == null) {
            return n;
        }
        ObjectNode params = n.parameters().deepCopy();
        params.put("webhookId", webhookId);
        return n.withParameters(params);
    }

    /**
     * {@code wf} read from {@code tree} as n8n would run it: an n8n export that names no execution order ran in
     * n8n's legacy v0 order (its engine takes anything but "v1" as legacy), so it keeps v0 here. Anything else is
     * returned unchanged.
     */
    public static Workflow keepLegacyOrder(JsonNode tree, Workflow wf) {
        if (!(tree instanceof ObjectNode o)
                || !looksLikeN8n(o)
                || tree.path("settings").has("executionOrder")) {
            return wf;
        }
        return new Workflow(
                wf.id(),
                wf.name(),
                wf.version(),
                wf.nodes(),
                wf.connections(),
                wf.settings().withExecutionOrder("v0"),
                wf.pinData());
    }

    /** True when the tree looks like an n8n export (an n8n-nodes-* or n8n LangChain type on some node). */
    public static boolean looksLikeN8n(ObjectNode tree) {
        for (JsonNode n : tree.path("nodes")) {
            String type = n.path("type").asText();
            if (type.startsWith("n8n-nodes-") || type.startsWith("@n8n/n8n-nodes-langchain.")) {
                return true;
            }
        }
        return false;
    }
}
