package io.hetumind.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.testing.NodeHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Helpers for node unit tests: run one node through the real engine via {@link NodeHarness}. */
public final class NodeTests {

    private NodeTests() {}

    /** The expression engine registered on the class path, or null while none is. */
    public static ExpressionEngine expressions() {
        return ServiceLoader.load(ExpressionEngine.class).findFirst().orElse(null);
    }

    public static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.replace('\'', '"').replace("`", "\\\""));
    }

    /** Items from a JSON array text of objects (single quotes allowed). */
    public static List<Item> items(String jsonArray) {
        List<Item> out = new ArrayList<>();
        for (JsonNode n : Json.parse(jsonArray.replace('\'', '"'))) {
            out.add(Item.of((ObjectNode) n));
        }
        return out;
    }

    public static ExecutionResult runInputs(NodeType type, double version, String params, List<List<Item>> inputs) {
        Node node = Node.of("Node", type.descriptor().type(), version, json(params));
        return new NodeHarness(type, expressions()).run(node, inputs);
    }

    public static ExecutionResult run(NodeType type, double version, String params, List<Item> input) {
        return runInputs(type, version, params, List.of(input));
    }

    /** JSON of output {@code port}, after asserting the run succeeded. */
    public static List<JsonNode> out(ExecutionResult r, int port) {
        assertThat(r.status()).as("status, error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", port).stream().map(i -> (JsonNode) i.json()).toList();
    }

    public static List<JsonNode> jsons(String jsonArray) {
        List<JsonNode> out = new ArrayList<>();
        Json.parse(jsonArray.replace('\'', '"')).forEach(out::add);
        return out;
    }

    /** The error message of a failed run. */
    public static String error(ExecutionResult r) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        return r.state().error().message();
    }
}
