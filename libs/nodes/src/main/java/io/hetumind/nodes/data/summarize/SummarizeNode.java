package io.hetumind.nodes.data.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.FieldLists;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Summarize: count, sum, average, min, max, concatenate or append fields across items, split by fields. */
public final class SummarizeNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = SummarizeDescriptor.build();

    /** One group of items after splitting: its key per split field and the member item indexes. */
    private record Leaf(List<JsonNode> keys, List<Integer> members) {}

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        boolean legacy = ctx.node().typeVersion() < 1.1;
        boolean dot = !ctx.param("options.disableDotNotation", 0, Boolean.class, false);
        boolean skipEmpty = ctx.param("options.skipEmptySplitFields", 0, Boolean.class, false);
        String format = ctx.param("options.outputFormat", 0, String.class, "separateItems");
        if (!format.equals("separateItems") && !format.equals("singleItem")) {
            throw NodeException.user(
                    "parameter 'options.outputFormat': '" + format + "' is not supported (separateItems, singleItem)",
                    0);
        }
        List<String> splitBy = FieldLists.of(ctx.paramTree("fieldsToSplitBy", 0));
        List<Aggregation> aggregations = aggregations(ctx);
        Function<JsonNode, JsonNode> getter = null;
        List<JsonNode> jsons = items.stream().map(i -> (JsonNode) i.json()).toList();
        for (Aggregation a : aggregations) {
            boolean found = jsons.stream().anyMatch(j -> JsonPaths.get(j, a.field(), dot) != null);
            if (!found) {
                String message = "The field '" + a.field() + "' does not exist in any items";
                if (legacy && !ctx.param("options.continueIfFieldNotFound", 0, Boolean.class, false)) {
                    throw NodeException.user(
                            message + " (parameter 'fieldsToSummarize'; to skip this error, activate"
                                    + " 'Continue if Field Not Found' in options)",
                            0);
                }
                ctx.log("hint: " + message);
            }
        }
        List<Leaf> leaves = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            all.add(i);
        }
        split(jsons, all, splitBy, 0, new ArrayList<>(), leaves, dot, skipEmpty, legacy);
        if (format.equals("singleItem")) {
            ObjectNode root = Json.object();
            for (Leaf leaf : leaves) {
                ObjectNode at = root;
                for (JsonNode key : leaf.keys()) {
                    at = at.withObjectProperty(Js.toString(key, false));
                }
                at.setAll(aggregate(aggregations, jsons, leaf.members(), dot));
            }
            // n8n pairs the one item with every input item
            return NodeResult.of(List.of(Item.of(root).pairedWithFirst(items.size())));
        }
        List<Item> out = new ArrayList<>();
        for (Leaf leaf : leaves) {
            ObjectNode json = Json.object();
            for (int k = 0; k < splitBy.size(); k++) {
                JsonNode key = leaf.keys().get(k);
                if (!key.isMissingNode()) {
                    json.set(splitBy.get(k), key.deepCopy());
                }
            }
            json.setAll(aggregate(aggregations, jsons, leaf.members(), dot));
            // paired with the items of its group, as n8n
            List<io.hetumind.core.model.PairedItem> pairs =
                    new ArrayList<>(leaf.members().size());
            leaf.members().forEach(m -> pairs.add(io.hetumind.core.model.PairedItem.of(m, 0)));
            out.add(Item.of(json).withPairedItems(pairs));
        }
        return NodeResult.of(out);
    }

    private static List<Aggregation> aggregations(NodeParameters ctx) {
        JsonNode tree = ctx.paramTree("fieldsToSummarize", 0);
        JsonNode rows = tree == null ? MissingNode.getInstance() : tree.path("values");
        List<Aggregation> out = new ArrayList<>();
        int index = 0;
        for (JsonNode row : rows.isArray() ? rows : Json.array().add(rows)) {
            String field = Js.toString(row.path("field"), false);
            if (row.path("field").isMissingNode() || field.isEmpty()) {
                index++;
                continue;
            }
            String kind = row.path("aggregation").asText("count");
            if (!Aggregation.KINDS.contains(kind)) {
                throw NodeException.user(
                        "parameter 'fieldsToSummarize.values[" + index + "].aggregation': '" + kind
                                + "' is not supported (" + String.join(", ", Aggregation.KINDS) + ")",
                        0);
            }
            String sep = row.path("separateBy").asText(",");
            if (sep.equals("other")) {
                sep = row.path("customSeparator").asText("");
            }
            out.add(new Aggregation(kind, field, row.path("includeEmpty").asBoolean(false), sep));
            index++;
        }
        if (out.isEmpty()) {
            throw NodeException.user(
                    "parameter 'fieldsToSummarize': You need to add at least one aggregation to 'Fields to"
                            + " Summarize' with a valid field",
                    0);
        }
        return out;
    }

    private static ObjectNode aggregate(
            List<Aggregation> aggregations, List<JsonNode> jsons, List<Integer> members, boolean dot) {
        List<JsonNode> group = members.stream().map(jsons::get).toList();
        ObjectNode out = Json.object();
        for (Aggregation a : aggregations) {
            out.set(a.outputKey(), a.apply(group, j -> JsonPaths.get(j, a.field(), dot)));
        }
        return out;
    }

    /** Groups {@code members} by split field {@code level} onward, in first-seen order, as n8n's Map does. */
    private static void split(
            List<JsonNode> jsons,
            List<Integer> members,
            List<String> splitBy,
            int level,
            List<JsonNode> path,
            List<Leaf> leaves,
            boolean dot,
            boolean skipEmpty,
            boolean stringKeys) {
        if (level == splitBy.size()) {
            leaves.add(new Leaf(List.copyOf(path), members));
            return;
        }
        Map<JsonNode, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : members) {
            JsonNode key = groupKey(JsonPaths.get(jsons.get(i), splitBy.get(level), dot), stringKeys);
            if (skipEmpty && !key.isNumber() && !Js.truthy(key)) {
                continue;
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<JsonNode, List<Integer>> g : groups.entrySet()) {
            path.add(g.getKey());
            split(jsons, g.getValue(), splitBy, level + 1, path, leaves, dot, skipEmpty, stringKeys);
            path.removeLast();
        }
    }

    /** The grouping key: objects as JSON text, numbers normalised; v1 turns every key into text. */
    private static JsonNode groupKey(JsonNode value, boolean stringKeys) {
        JsonNode key = value == null ? MissingNode.getInstance() : value;
        if (key.isContainerNode()) {
            key = Json.F.textNode(Json.write(key));
        } else if (key.isNumber()) {
            key = Js.number(key.doubleValue());
        }
        if (stringKeys && !key.isTextual()) {
            key = Json.F.textNode(Js.toString(key, false));
        }
        return key;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
