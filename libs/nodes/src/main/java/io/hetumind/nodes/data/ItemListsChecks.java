package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.nodes.internal.FieldLists;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The input checks Item Lists v1 and v2 make before an operation, which the standalone nodes do not. */
final class ItemListsChecks {

    private ItemListsChecks() {}

    /** Runs the checks of {@code operation} for Item Lists {@code version}; {@code ctx} reads legacy shapes. */
    static void check(String operation, double version, NodeContext ctx) {
        switch (operation) {
            case "splitOutItems" -> {
                if (version < 2.2) {
                    splitField(ctx, version);
                }
            }
            case "aggregateItems" -> {
                if (version < 2.1) {
                    aggregatedFields(ctx);
                }
            }
            case "removeDuplicates" -> comparedFields(ctx, version);
            case "sort" -> {
                if (version < 3 && "simple".equals(ctx.param("type", 0, String.class, "simple"))) {
                    sortFields(ctx);
                }
            }
            default -> {
                // limit and summarize check nothing beyond what the standalone nodes do
            }
        }
    }

    /** Before v3 a field to sort by that no item has is an error. */
    private static void sortFields(NodeContext ctx) {
        JsonNode tree = ctx.paramTree("sortFieldsUi", 0);
        for (JsonNode f : tree == null ? List.<JsonNode>of() : toList(tree.path("sortField"))) {
            String field = f.path("fieldName").asText("");
            if (!field.isEmpty()
                    && ctx.items().stream().noneMatch(i -> JsonPaths.get(i.json(), field, dot(ctx)) != null)) {
                throw NodeException.user("Couldn't find the field '" + field + "' in the input data", 0);
            }
        }
    }

    private static boolean dot(NodeParameters ctx) {
        return !ctx.param("options.disableDotNotation", 0, Boolean.class, false);
    }

    /** The field to split out must exist and hold an array (v1) or an array or object (v2, v2.1). */
    private static void splitField(NodeContext ctx, double version) {
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size(); i++) {
            String field = ctx.param("fieldToSplitOut", i, String.class, "");
            JsonNode value = JsonPaths.get(items.get(i).json(), field, dot(ctx));
            if (value == null) {
                throw NodeException.user("Couldn't find the field '" + field + "' in the input data", i);
            }
            if (version < 2 && !value.isArray()) {
                throw NodeException.user("The provided field '" + field + "' is not an array", i);
            }
            if (!value.isContainerNode()) {
                throw NodeException.user("The provided field '" + field + "' is not an array or object", i);
            }
        }
    }

    /** Before v2.1 a field to aggregate that no item has is an error unless missing values are kept. */
    private static void aggregatedFields(NodeContext ctx) {
        if (ctx.param("options.keepMissing", 0, Boolean.class, false)) {
            return;
        }
        JsonNode tree = ctx.paramTree("fieldsToAggregate", 0);
        for (JsonNode f : tree == null ? List.<JsonNode>of() : toList(tree.path("fieldToAggregate"))) {
            String field = f.path("fieldToAggregate").asText("");
            if (!field.isEmpty()
                    && ctx.items().stream().noneMatch(i -> JsonPaths.get(i.json(), field, dot(ctx)) != null)) {
                throw NodeException.user("Couldn't find the field '" + field + "' in the input data", 0);
            }
        }
    }

    /**
     * Every compared field must be present in every item; before v3.1 also with one JavaScript type throughout
     * (n8n's removeDuplicates operation of each Item Lists version).
     */
    private static void comparedFields(NodeContext ctx, double version) {
        List<Item> items = ctx.items();
        if (items.isEmpty()) {
            return;
        }
        boolean dot = dot(ctx);
        List<String> keys = new ArrayList<>();
        switch (ctx.param("compare", 0, String.class, "allFields")) {
            case "allFieldsExcept" -> {
                List<String> exclude = FieldLists.of(ctx.paramTree("fieldsToExclude", 0));
                RemoveDuplicatesNode.keys(items.getFirst().json(), dot).stream()
                        .filter(k -> !exclude.contains(k))
                        .forEach(keys::add);
            }
            case "selectedFields" -> keys.addAll(FieldLists.of(ctx.paramTree("fieldsToCompare", 0)));
            default -> {
                Set<String> all = new LinkedHashSet<>();
                items.forEach(i -> all.addAll(RemoveDuplicatesNode.keys(i.json(), dot)));
                keys.addAll(all);
            }
        }
        RemoveDuplicatesNode.validate(items, keys, dot, false, version < 3.1);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
