package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A plain-data {@link ExpressionScope} for tests: the engine's input, set field by field. */
final class TestScope implements ExpressionScope {

    List<Item> input = new ArrayList<>();
    int itemIndex;
    int runIndex;
    String nodeName = "Current";
    Map<String, TestNode> nodes = new LinkedHashMap<>();
    Map<String, String> vars = new HashMap<>();
    Map<String, String> env = new HashMap<>();
    Instant now = Instant.parse("2024-03-10T14:30:15.123Z");
    ZoneId zone = ZoneId.of("UTC");
    ZoneId processZone = ZoneId.of("UTC");
    JsonNode parameters = Json.object();
    String previousNode;

    static TestScope withJson(String json) {
        var scope = new TestScope();
        scope.input.add(item(json));
        return scope;
    }

    static Item item(String json) {
        return Item.of((ObjectNode) Json.parse(json));
    }

    TestScope node(String name, TestNode node) {
        nodes.put(name, node);
        return this;
    }

    @Override
    public Item item() {
        return itemIndex < input.size() ? input.get(itemIndex) : Item.empty();
    }

    @Override
    public int itemIndex() {
        return itemIndex;
    }

    @Override
    public List<Item> input(int index) {
        return index == 0 ? input : List.of();
    }

    @Override
    public int runIndex() {
        return runIndex;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public Optional<NodeOutputView> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    @Override
    public String executionId() {
        return "exec-42";
    }

    @Override
    public String workflowId() {
        return "wf-7";
    }

    @Override
    public String workflowName() {
        return "My Flow";
    }

    @Override
    public Map<String, String> vars() {
        return vars;
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public ZoneId processZone() {
        return processZone;
    }

    @Override
    public JsonNode parameters() {
        return parameters;
    }

    @Override
    public String executionMode() {
        return "test";
    }

    @Override
    public boolean workflowActive() {
        return true;
    }

    @Override
    public Optional<String> previousNodeName() {
        return Optional.ofNullable(previousNode);
    }

    /** Another node's runs: runs.get(run).get(output) is that output's items. */
    static final class TestNode implements NodeOutputView {
        final List<List<List<Item>>> runs = new ArrayList<>();
        Item paired;
        JsonNode parameters = Json.object();

        static TestNode ran(Item... items) {
            var node = new TestNode();
            node.runs.add(List.of(List.of(items)));
            return node;
        }

        static TestNode notRun() {
            return new TestNode();
        }

        @Override
        public List<Item> items(int outputIndex, int runIndex) {
            if (runIndex < 0
                    || runIndex >= runs.size()
                    || outputIndex >= runs.get(runIndex).size()) {
                return List.of();
            }
            return runs.get(runIndex).get(outputIndex);
        }

        @Override
        public int lastRunIndex() {
            return runs.size() - 1;
        }

        @Override
        public Item pairedItem(int itemIndex, String method) {
            if (paired == null) {
                throw PairedItemException.error(
                        "Paired item data for " + method + " from node 'Test' is unavailable. Ensure 'Test' is"
                                + " providing the required output.",
                        null);
            }
            return paired;
        }

        @Override
        public JsonNode parameters() {
            return parameters;
        }
    }
}
