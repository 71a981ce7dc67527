package io.hetumind.nodes.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.Connections;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one node type through the real engine with given parameters and input items: the way
 * node unit tests exercise a node without a hand-made context. Each input gets its own feeder.
 */
public final class NodeHarness {

    private static final String FEED_TYPE = "harness.feed";

    private final NodeType type;
    private final ExpressionEngine expressions;
    private final String timezone;
    private final String mode;

    public NodeHarness(NodeType type, ExpressionEngine expressions) {
        this(type, expressions, "UTC", "test");
    }

    private NodeHarness(NodeType type, ExpressionEngine expressions, String timezone, String mode) {
        this.type = type;
        this.expressions = expressions;
        this.timezone = timezone;
        this.mode = mode;
    }

    /** The same harness running its workflow in time zone {@code tz} (the workflow setting). */
    public NodeHarness zone(String tz) {
        return new NodeHarness(type, expressions, tz, mode);
    }

    /** The same harness starting its runs as {@code mode} ({@code manual}, {@code cli}, {@code webhook} …). */
    public NodeHarness mode(String mode) {
        return new NodeHarness(type, expressions, timezone, mode);
    }

    /** Runs the node once; {@code inputs.get(i)} arrives on input i. */
    public ExecutionResult run(Node node, List<List<Item>> inputs) {
        List<NodeType> types = new ArrayList<>(List.of(new Feed(), type));
        Engine engine = Engine.builder()
                .registry(NodeRegistry.of(types))
                .expressions(expressions)
                .build();
        List<Node> nodes = new ArrayList<>();
        Connections.Builder conns = Connections.builder();
        ObjectNode feedParams = io.hetumind.core.spi.Json.object();
        feedParams.set(
                "inputs",
                io.hetumind.core.spi.Json.valueToTree(inputs.stream()
                        .map(in -> in.stream().map(Item::json).toList())
                        .toList()));
        nodes.add(Node.of("Feed", FEED_TYPE, 1, feedParams));
        for (int i = 0; i < inputs.size(); i++) {
            conns.connect("Feed", i, node.name(), i);
        }
        nodes.add(node.withType(type.descriptor().type(), node.typeVersion()));
        Workflow wf = new Workflow(
                "harness", "harness", 1, nodes, conns.build(), new WorkflowSettings(0, null, timezone, 0, "v1"), null);
        return engine.run(engine.prepare(wf), RunRequest.defaults().sequential().withMode(mode));
    }

    public ExecutionResult run(ObjectNode parameters, List<Item> input) {
        return run(
                Node.of("Node", type.descriptor().type(), type.descriptor().latestVersion(), parameters),
                List.of(input));
    }

    /** A trigger that emits one output per configured input list. */
    private static final class Feed implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder(FEED_TYPE)
                    .displayName("Harness feed")
                    .trigger()
                    .outputs(PortSpec.MAIN, PortSpec.MAIN, PortSpec.MAIN, PortSpec.MAIN)
                    .build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            List<List<Item>> ports = new ArrayList<>();
            ctx.rawParam("inputs").forEach(in -> {
                List<Item> items = new ArrayList<>();
                in.forEach(j -> items.add(Item.of((ObjectNode) j)));
                ports.add(items);
            });
            return NodeResult.ports(ports);
        }
    }
}
