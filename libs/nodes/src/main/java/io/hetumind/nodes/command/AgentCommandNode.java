package io.hetumind.nodes.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.credentials.HetumindTaskServerCredential;
import java.util.ArrayList;
import java.util.List;

/**
 * Agent Command (Hetumind's own, no n8n counterpart): runs a command on a host of Hetumind's job scheduler — an
 * agent of the namespace that has the given labels — as a one-off run of the task-server, waits for its end and
 * emits {@code {exitCode, status, stdout, stderr, durationMs, agent, instanceId, truncated}} per run. Canceling the
 * workflow cancels the run on the agent.
 */
public final class AgentCommandNode implements NodeType {

    static final String EACH = "runOnceForEachItem";
    static final String ALL = "runOnceForAllItems";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.agentCommand")
            .versions(1)
            .displayName("Agent Command")
            .description("Runs a command on a host chosen by labels, through Hetumind's job scheduler")
            .group(NodeGroup.UTILITY)
            .icon("server")
            .credential(HetumindTaskServerCredential.TYPE, true)
            .property(PropertySpec.options("mode")
                    .displayName("Mode")
                    .option(EACH, "Run Once for Each Item", "Run the command once for each input item")
                    .option(ALL, "Run Once for All Items", "Run the command once, with the first item's parameters")
                    .defaultValue(EACH))
            .property(PropertySpec.string("namespace")
                    .displayName("Namespace")
                    .description("The scheduler namespace whose agents may run the command")
                    .defaultValue("default")
                    .required())
            .property(PropertySpec.string("command")
                    .displayName("Command")
                    .description("The program to run (executed directly, not by a shell: use sh with -c for one)")
                    .placeholder("echo")
                    .defaultValue("")
                    .required())
            .property(PropertySpec.fixedCollection("arguments")
                    .displayName("Arguments")
                    .multipleValues()
                    .addButtonText("Add Argument")
                    .child(PropertySpec.collection("argument")
                            .displayName("Argument")
                            .child(PropertySpec.string("value").displayName("Value"))))
            .property(PropertySpec.fixedCollection("environment")
                    .displayName("Environment")
                    .multipleValues()
                    .addButtonText("Add Variable")
                    .child(PropertySpec.collection("variable")
                            .displayName("Variable")
                            .child(PropertySpec.string("name").displayName("Name"))
                            .child(PropertySpec.string("value").displayName("Value"))))
            .property(PropertySpec.string("workingDirectory")
                    .displayName("Working Directory")
                    .description("Directory on the agent's host to run in; empty for the agent's own")
                    .defaultValue(""))
            .property(PropertySpec.fixedCollection("labels")
                    .displayName("Agent Labels")
                    .description("Only an agent having all these labels runs the command")
                    .multipleValues()
                    .addButtonText("Add Label")
                    .child(PropertySpec.collection("label")
                            .displayName("Label")
                            .child(PropertySpec.string("name").displayName("Name"))
                            .child(PropertySpec.string("value").displayName("Value"))))
            .property(PropertySpec.number("timeout")
                    .displayName("Timeout (seconds)")
                    .description("The agent kills the command and its child processes after this long")
                    .minValue(1)
                    .maxValue(604_800)
                    .defaultValue(3600))
            .property(PropertySpec.number("agentWait")
                    .displayName("Wait for an Agent (seconds)")
                    .description("Fail when no agent with the labels has taken the command after this long")
                    .minValue(1)
                    .maxValue(86_400)
                    .defaultValue(300))
            .property(PropertySpec.bool("failOnNonZeroExit")
                    .displayName("Fail on Non-Zero Exit Code")
                    .description("Whether a non-zero exit code fails the item; when off the item carries it")
                    .defaultValue(true))
            .property(PropertySpec.number("maxOutputBytes")
                    .displayName("Max Output Bytes per Stream")
                    .description("stdout and stderr are each cut after this many bytes (truncated is then true)")
                    .minValue(0)
                    .maxValue(16 * 1024 * 1024)
                    .defaultValue(1024 * 1024))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        List<Item> items = ctx.items();
        int count = items.isEmpty() ? 0 : EACH.equals(ctx.param("mode", 0, String.class, EACH)) ? items.size() : 1;
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        TaskServerClient client = null;
        for (int i = 0; i < count && !ctx.canceled(); i++) {
            try {
                // Parameters first: a bad one fails the item before anything is sent.
                AgentRun.Spec spec = spec(ctx, i);
                client = client == null ? TaskServerClient.connect(ctx, i) : client.forItem(i);
                ObjectNode result = new AgentRun(ctx, client, i, spec).run();
                if (result == null) {
                    break; // the workflow was canceled; the run was canceled on its agent
                }
                out.add(new Item(result, null, new PairedItem(i, 0)));
            } catch (NodeException e) {
                NodeException safe = client == null ? e : client.secrets().redact(e);
                if (!ctx.continueOnFail()) {
                    throw safe;
                }
                errors.add(new Item(Json.object().put("error", safe.getMessage()), null, new PairedItem(i, 0)));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static AgentRun.Spec spec(NodeContext ctx, int i) {
        String command = ctx.param("command", i, String.class, "").strip();
        if (command.isEmpty()) {
            throw NodeException.user("Agent Command needs a command [item " + i + "]", i);
        }
        String namespace = ctx.param("namespace", i, String.class, "default").strip();
        ObjectNode run = Json.object().put("namespace", namespace).put("command", command);
        var args = run.putArray("args");
        for (JsonNode a : rows(ctx, "arguments", "argument", i)) {
            args.add(text(a.get("value")));
        }
        ObjectNode env = run.putObject("env");
        for (JsonNode v : rows(ctx, "environment", "variable", i)) {
            String name = text(v.get("name"));
            if (name.isEmpty()) {
                throw NodeException.user("An environment variable of Agent Command has no name [item " + i + "]", i);
            }
            env.put(name, text(v.get("value")));
        }
        ObjectNode labels = run.putObject("labels");
        for (JsonNode l : rows(ctx, "labels", "label", i)) {
            String name = text(l.get("name"));
            if (name.isEmpty()) {
                throw NodeException.user("An agent label of Agent Command has no name [item " + i + "]", i);
            }
            labels.put(name, text(l.get("value")));
        }
        String dir = ctx.param("workingDirectory", i, String.class, "");
        if (!dir.isBlank()) {
            run.put("workingDir", dir);
        }
        long timeout = positive(ctx, "timeout", i, 3600, 604_800);
        run.put("timeoutMs", timeout * 1000);
        long agentWait = positive(ctx, "agentWait", i, 300, 86_400);
        long maxBytes = ctx.param("maxOutputBytes", i, Long.class, 1024L * 1024);
        if (maxBytes < 0 || maxBytes > 16 * 1024 * 1024) {
            throw NodeException.user(
                    "Max Output Bytes per Stream must be between 0 and 16777216, not " + maxBytes + " [item " + i + "]",
                    i);
        }
        return new AgentRun.Spec(
                run, timeout, agentWait, ctx.param("failOnNonZeroExit", i, Boolean.class, true), (int) maxBytes);
    }

    private static long positive(NodeParameters ctx, String name, int i, long fallback, long max) {
        long v = ctx.param(name, i, Long.class, fallback);
        if (v < 1 || v > max) {
            throw NodeException.user(
                    name + " must be between 1 and " + max + " seconds, not " + v + " [item " + i + "]", i);
        }
        return v;
    }

    /** The rows of a fixed collection ({@code arguments.argument[]}), rendered for item {@code i}. */
    private static List<JsonNode> rows(NodeParameters ctx, String collection, String row, int i) {
        JsonNode tree = ctx.paramTree(collection, i);
        List<JsonNode> out = new ArrayList<>();
        if (tree != null) {
            JsonNode list = tree.path(row);
            if (list.isArray()) {
                list.forEach(out::add);
            } else if (list.isObject()) {
                out.add(list);
            }
        }
        return out;
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }
}
