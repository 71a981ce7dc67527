package io.hetumind.taskit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionHandle;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.command.AgentCommandNode;
import java.util.List;
import java.util.Optional;

/**
 * Runs the workflow {@code Trigger → Agent Command} through the real engine, the node's credential resolved by the
 * engine as a host resolves it, optionally under a {@link NetworkPolicy}.
 */
final class AgentCommandRunner {
    static final String NODE = "Agent Command";

    private final ObjectNode credential;
    private NetworkPolicy policy;
    private String onError = "stopWorkflow";

    AgentCommandRunner(String url, String iamUrl, String apiKey) {
        this.credential = Json.object().put("url", url).put("iamUrl", iamUrl).put("apiKey", apiKey);
    }

    AgentCommandRunner policy(NetworkPolicy value) {
        policy = value;
        return this;
    }

    AgentCommandRunner continueOnFail() {
        onError = "continueRegularOutput";
        return this;
    }

    private Engine engine() {
        Engine.Builder b = Engine.builder()
                .registry(NodeRegistry.of(List.of(new Trigger(), new AgentCommandNode())))
                .checkpointer(new InMemoryCheckpointer())
                .credentials((ref, type) ->
                        "hetumindTaskServer".equals(type) ? Optional.of(credential.deepCopy()) : Optional.empty());
        if (policy != null) {
            b.service(NetworkPolicy.class, policy);
        }
        return b.build();
    }

    private PreparedWorkflow workflow(Engine engine, String parameters) {
        ObjectNode wf = Json.object().put("id", "agent-command-e2e").put("name", "agent command e2e");
        var nodes = wf.putArray("nodes");
        nodes.addObject().put("name", "Trigger").put("type", "e2e.trigger");
        ObjectNode node = nodes.addObject()
                .put("name", NODE)
                .put("type", "hetumind.agentCommand")
                .put("typeVersion", 1)
                .put("onError", onError);
        node.set("parameters", Json.parse(parameters));
        node.putObject("credentials")
                .putObject("hetumindTaskServer")
                .put("id", "ts")
                .put("name", "task-server");
        wf.putObject("connections")
                .putObject("Trigger")
                .putArray("main")
                .addArray()
                .addObject()
                .put("node", NODE)
                .put("type", "main")
                .put("index", 0);
        return engine.prepare(WorkflowFormat.read(wf));
    }

    /** What the node produced (its first output) or why it failed. */
    record Outcome(ExecutionResult result, List<ObjectNode> items, String error) {}

    Outcome run(String parameters, List<Item> input) {
        Engine engine = engine();
        ExecutionResult r = engine.run(
                workflow(engine, parameters), RunRequest.defaults().sequential().withInput(input));
        return outcome(r);
    }

    /** Starts the run without waiting: the test cancels it. */
    ExecutionHandle start(String parameters, List<Item> input) {
        Engine engine = engine();
        return engine.start(workflow(engine, parameters), RunRequest.defaults().withInput(input));
    }

    static Outcome outcome(ExecutionResult r) {
        List<NodeRun> runs = r.state().runs(NODE);
        NodeRun run = runs.isEmpty() ? null : runs.getLast();
        String error = run != null && run.error() != null
                ? run.error().message()
                : r.state().error() == null ? null : r.state().error().message();
        List<ObjectNode> items = run == null || run.outputs().isEmpty()
                ? List.of()
                : run.outputs().getFirst().stream().map(Item::json).toList();
        return new Outcome(r, items, error);
    }

    /** Emits the run's input items. */
    private static final class Trigger implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("e2e.trigger")
                    .displayName("E2E Trigger")
                    .trigger()
                    .build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(ctx.items());
        }
    }
}
