package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.FieldLists;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remove Duplicates: keeps the first of items equal on all, all-but-some or selected fields. v2 adds n8n's
 * {@code operation}: besides that, items whose value was seen in earlier executions are removed against a history
 * the host keeps ({@link ProcessedDataStore}; {@link ProcessedHistory}), and that history can be cleared.
 */
public final class RemoveDuplicatesNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.removeDuplicates")
            .versions(1, 1.1, 2)
            .displayName("Remove Duplicates")
            .description("Deletes items whose fields match an earlier item")
            .group(NodeGroup.DATA)
            .icon("clone")
            .alias("n8n-nodes-base.removeDuplicates")
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .description("What to remove")
                    .option("removeDuplicateInputItems", "Remove Items Repeated Within Current Input")
                    .option("removeItemsSeenInPreviousExecutions", "Remove Items Processed in Previous Executions")
                    .option("clearDeduplicationHistory", "Clear Deduplication History")
                    .defaultValue("removeDuplicateInputItems")
                    .noExpression()
                    .showWhen(PropertySpec.VERSION, 2))
            .property(compare().showWhen(PropertySpec.VERSION, 1, 1.1))
            .property(compare().showWhen(PropertySpec.VERSION, 2).showWhen("operation", "removeDuplicateInputItems"))
            .property(PropertySpec.string("fieldsToExclude")
                    .displayName("Fields To Exclude")
                    .showWhen("compare", "allFieldsExcept"))
            .property(PropertySpec.string("fieldsToCompare")
                    .displayName("Fields To Compare")
                    .showWhen("compare", "selectedFields"))
            .property(PropertySpec.options("logic")
                    .displayName("Keep Items Where")
                    .option("removeItemsWithAlreadySeenKeyValues", "Value Is New")
                    .option("removeItemsUpToStoredIncrementalKey", "Value Is Higher than Any Previous Value")
                    .option("removeItemsUpToStoredDate", "Value Is a Date Later than Any Previous Date")
                    .defaultValue("removeItemsWithAlreadySeenKeyValues")
                    .noExpression()
                    .showWhen("operation", "removeItemsSeenInPreviousExecutions")
                    .showWhen(PropertySpec.VERSION, 2))
            .property(seenBefore(PropertySpec.string("dedupeValue")
                    .displayName("Value to Dedupe On")
                    .placeholder("e.g. ID")
                    .required()
                    .description("The input field value to compare between items")
                    .showWhen("logic", "removeItemsWithAlreadySeenKeyValues")))
            .property(seenBefore(PropertySpec.number("incrementalDedupeValue")
                    .displayName("Value to Dedupe On")
                    .placeholder("e.g. ID")
                    .description("The input field value to compare between items, an incremental value is expected")
                    .showWhen("logic", "removeItemsUpToStoredIncrementalKey")))
            .property(seenBefore(PropertySpec.dateTime("dateDedupeValue")
                    .displayName("Value to Dedupe On")
                    .defaultValue("")
                    .placeholder(" e.g. 2024-08-09T13:44:16Z")
                    .description("The input field value to compare between items, a date is expected")
                    .showWhen("logic", "removeItemsUpToStoredDate")))
            .property(PropertySpec.options("mode")
                    .displayName("Mode")
                    .option("cleanDatabase", "Clean Database")
                    .defaultValue("cleanDatabase")
                    .showWhen("operation", "clearDeduplicationHistory")
                    .showWhen(PropertySpec.VERSION, 2))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .showWhen(PropertySpec.VERSION, 1, 1.1)
                    .child(PropertySpec.bool("disableDotNotation").displayName("Disable Dot Notation"))
                    .child(PropertySpec.bool("removeOtherFields")
                            .displayName("Remove Other Fields")
                            .description("Keep only the compared fields")))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .showWhen(PropertySpec.VERSION, 2)
                    .child(PropertySpec.bool("disableDotNotation")
                            .displayName("Disable Dot Notation")
                            .showWhen("/operation", "removeDuplicateInputItems"))
                    .child(PropertySpec.bool("removeOtherFields")
                            .displayName("Remove Other Fields")
                            .description("Keep only the compared fields")
                            .showWhen("/operation", "removeDuplicateInputItems"))
                    .child(PropertySpec.options("scope")
                            .displayName("Scope")
                            .option("workflow", "Workflow")
                            .option("node", "Node")
                            .defaultValue("node")
                            .description("Whose history: this node's own, or one all nodes of the workflow share")
                            .showWhen("/operation", "clearDeduplicationHistory", "removeItemsSeenInPreviousExecutions"))
                    .child(PropertySpec.number("historySize")
                            .displayName("History Size")
                            .defaultValue(10000)
                            .description("The max number of past items to store for deduplication")
                            .showWhen("/logic", "removeItemsWithAlreadySeenKeyValues")
                            .showWhen("/operation", "removeItemsSeenInPreviousExecutions")))
            .build();

    /** A Value to Dedupe On: shown for "Remove Items Processed in Previous Executions" of version 2. */
    private static PropertySpec.Builder seenBefore(PropertySpec.Builder value) {
        return value.showWhen("operation", "removeItemsSeenInPreviousExecutions")
                .showWhen(PropertySpec.VERSION, 2);
    }

    private static PropertySpec.Builder compare() {
        return PropertySpec.options("compare")
                .displayName("Compare")
                .option("allFields", "All Fields")
                .option("allFieldsExcept", "All Fields Except")
                .option("selectedFields", "Selected Fields")
                .defaultValue("allFields");
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        if (items.isEmpty()) {
            return NodeResult.of(List.of());
        }
        if (ctx.node().typeVersion() >= 2) {
            String operation = ctx.param("operation", 0, String.class, "removeDuplicateInputItems");
            switch (operation) {
                case "removeDuplicateInputItems" -> {}
                case "removeItemsSeenInPreviousExecutions" -> {
                    return SeenBefore.run(ctx);
                }
                case "clearDeduplicationHistory" -> {
                    return SeenBefore.clear(ctx);
                }
                default -> throw NodeException.user("parameter 'operation': unknown operation '" + operation + "'", 0);
            }
        }
        boolean dot = !ctx.param("options.disableDotNotation", 0, Boolean.class, false);
        String compare = ctx.param("compare", 0, String.class, "allFields");
        List<String> keys = new ArrayList<>();
        switch (compare) {
            case "allFields" -> {
                Set<String> all = new LinkedHashSet<>();
                items.forEach(i -> all.addAll(keys(i.json(), dot)));
                keys.addAll(all);
            }
            case "allFieldsExcept" -> {
                List<String> exclude = FieldLists.of(ctx.paramTree("fieldsToExclude", 0));
                if (exclude.isEmpty()) {
                    throw NodeException.user("No fields specified. Please add a field to exclude from comparison", 0);
                }
                keys(items.getFirst().json(), dot).stream()
                        .filter(k -> !exclude.contains(k))
                        .forEach(keys::add);
            }
            case "selectedFields" -> {
                keys.addAll(FieldLists.of(ctx.paramTree("fieldsToCompare", 0)));
                if (keys.isEmpty()) {
                    throw NodeException.user("No fields specified. Please add a field to compare on", 0);
                }
            }
            default -> throw NodeException.user("parameter 'compare': unknown value '" + compare + "'", 0);
        }
        // v1 counts null as a value of its own type; from v1.1 on a null neither fails nor fixes the type.
        // Item Lists runs its own version's check first (ItemListsChecks) and reuses this node for the rest.
        if (!(ctx instanceof ItemListsContext)) {
            validate(items, keys, dot, ctx.node().typeVersion() > 1, true);
        }
        boolean removeOther = ctx.param("options.removeOtherFields", 0, Boolean.class, false);
        Set<String> seen = new HashSet<>();
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ArrayNode sig = Json.array();
            for (String k : keys) {
                JsonNode v = JsonPaths.get(items.get(i).json(), k, dot);
                sig.add(v == null ? Json.F.textNode("\u0000undefined") : normalize(v));
            }
            if (seen.add(Json.write(sig))) {
                Item item = items.get(i);
                if (removeOther) {
                    ObjectNode picked = Json.object();
                    for (String k : keys) {
                        JsonNode v = JsonPaths.get(item.json(), k, dot);
                        if (v != null) {
                            JsonPaths.set(picked, k, v.deepCopy(), dot);
                        }
                    }
                    item = new Item(picked, Map.of(), null);
                }
                out.add(item.withPairedItem(i));
            }
        }
        return NodeResult.of(out);
    }

    /** Numbers compared by value ({@code 1} equals {@code 1.0}), objects by sorted keys. */
    private static JsonNode normalize(JsonNode v) {
        if (v.isNumber()) {
            return Json.F.numberNode(v.decimalValue().stripTrailingZeros());
        }
        if (v.isObject()) {
            ObjectNode o = Json.object();
            new java.util.TreeMap<String, JsonNode>(toMap(v)).forEach((k, x) -> o.set(k, normalize(x)));
            return o;
        }
        if (v.isArray()) {
            ArrayNode a = Json.array();
            v.forEach(x -> a.add(normalize(x)));
            return a;
        }
        return v;
    }

    private static Map<String, JsonNode> toMap(JsonNode v) {
        Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
        v.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /**
     * n8n's check of the compared fields before removing duplicates: each must be in every item (a missing one is
     * an error), and with {@code sameType} hold one JavaScript type throughout ({@code typeof}, so null counts
     * as an object unless {@code skipNull}).
     */
    static void validate(List<Item> items, List<String> keys, boolean dot, boolean skipNull, boolean sameType) {
        for (String key : keys) {
            String type = null;
            for (int i = 0; i < items.size(); i++) {
                JsonNode value = JsonPaths.get(items.get(i).json(), key, dot);
                if (value != null && value.isNull() && skipNull) {
                    continue;
                }
                if (value == null || value.isMissingNode()) {
                    throw new NodeException(
                            io.hetumind.core.spi.ErrorKind.USER,
                            "'" + key + "' field is missing from some input items",
                            0,
                            !dot && key.contains(".")
                                    ? "If you're trying to use a nested field, make sure you turn off 'disable dot"
                                            + " notation' in the node options"
                                    : null,
                            null);
                }
                String t = Js.typeOf(value);
                if (sameType && type != null && !type.equals(t)) {
                    throw new NodeException(
                            io.hetumind.core.spi.ErrorKind.USER,
                            "'" + key + "' isn't always the same type",
                            0,
                            "The type of this field varies between items",
                            null);
                }
                type = t;
            }
        }
    }

    /** Top-level keys, or flattened leaf paths ({@code a.b}, {@code a.0}) with dot notation. */
    static List<String> keys(JsonNode json, boolean dot) {
        List<String> out = new ArrayList<>();
        if (!dot) {
            json.fieldNames().forEachRemaining(out::add);
            return out;
        }
        flatten(json, "", out);
        return out;
    }

    private static void flatten(JsonNode v, String prefix, List<String> out) {
        if (v.isContainerNode() && !v.isEmpty()) {
            if (v.isObject()) {
                v.properties()
                        .forEach(e ->
                                flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out));
            } else {
                for (int i = 0; i < v.size(); i++) {
                    flatten(v.get(i), prefix.isEmpty() ? "" + i : prefix + "." + i, out);
                }
            }
        } else if (!prefix.isEmpty()) {
            out.add(prefix);
        }
    }

    /** Within the input it only computes; a history it reads and writes must not be run twice for one execution. */
    @Override
    public boolean replaySafe(Node node) {
        return node.typeVersion() < 2
                || "removeDuplicateInputItems"
                        .equals(node.parameters().path("operation").asText("removeDuplicateInputItems"));
    }
}
