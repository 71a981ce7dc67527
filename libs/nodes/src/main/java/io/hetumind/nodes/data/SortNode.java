package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Sort: orders items by fields (text compared case-insensitively), by a JavaScript compare function, or shuffles them. */
public final class SortNode implements NodeType {

    private static final String DEFAULT_CODE =
            """
            // The two items to compare are in the variables a and b
            // Access the fields in a.json and b.json
            // Return -1 if a should go before b
            // Return 1 if b should go before a
            // Return 0 if there's no difference

            fieldName = 'myField';

            if (a.json[fieldName] < b.json[fieldName]) {
            	return -1;
            }
            if (a.json[fieldName] > b.json[fieldName]) {
            	return 1;
            }
            return 0;""";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.sort")
            .versions(1)
            .displayName("Sort")
            .description("Changes the order of items")
            .group(NodeGroup.DATA)
            .icon("sort-amount-down")
            .alias("n8n-nodes-base.sort")
            .property(PropertySpec.options("type")
                    .displayName("Type")
                    .option("simple", "Simple")
                    .option("random", "Random")
                    .option("code", "Code", "A JavaScript compare function body over the items a and b")
                    .defaultValue("simple"))
            .property(PropertySpec.fixedCollection("sortFieldsUi")
                    .displayName("Fields To Sort By")
                    .multipleValues()
                    .addButtonText("Add Field To Sort By")
                    .child(PropertySpec.collection("sortField")
                            .displayName("")
                            .child(PropertySpec.string("fieldName")
                                    .displayName("Field Name")
                                    .placeholder("e.g. id"))
                            .child(PropertySpec.options("order")
                                    .displayName("Order")
                                    .option("ascending", "Ascending")
                                    .option("descending", "Descending")
                                    .defaultValue("ascending")))
                    .showWhen("type", "simple"))
            .property(PropertySpec.code("code")
                    .editor("javascript")
                    .rows(10)
                    .displayName("Code")
                    .description(
                            "Return -1 if a goes before b, 1 if after, 0 if equal (a.json, b.json hold the fields)")
                    .defaultValue(DEFAULT_CODE)
                    .showWhen("type", "code"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("disableDotNotation").displayName("Disable Dot Notation")))
            .build();

    private record Key(String field, boolean descending) {}

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < ctx.items().size(); i++) {
            items.add(ctx.items().get(i).withPairedItem(i));
        }
        String type = ctx.param("type", 0, String.class, "simple");
        if (type.equals("random")) {
            Collections.shuffle(items);
            return NodeResult.of(items);
        }
        if (type.equals("code")) {
            return NodeResult.of(SortCode.sort(ctx, items));
        }
        if (!type.equals("simple")) {
            throw NodeException.user("parameter 'type': '" + type + "' is not supported (simple, random, code)", 0);
        }
        boolean dot = !ctx.param("options.disableDotNotation", 0, Boolean.class, false);
        JsonNode ui = ctx.paramTree("sortFieldsUi", 0);
        List<Key> keys = new ArrayList<>();
        for (JsonNode f : ui == null ? List.<JsonNode>of() : toList(ui.path("sortField"))) {
            String name = f.path("fieldName").asText("");
            if (name.isEmpty()) {
                throw NodeException.user("parameter 'sortFieldsUi': a sort field has no name", 0);
            }
            keys.add(new Key(name, "descending".equals(f.path("order").asText("ascending"))));
        }
        if (keys.isEmpty()) {
            throw NodeException.user("No sorting specified. Please add a field to sort by", 0);
        }
        Comparator<Item> cmp = (a, b) -> {
            for (Key k : keys) {
                JsonNode x = lower(JsonPaths.get(a.json(), k.field(), dot));
                JsonNode y = lower(JsonPaths.get(b.json(), k.field(), dot));
                if (!Js.deepEquals(x, y)) {
                    boolean less = less(x, y);
                    return (k.descending() ? !less : less) ? -1 : 1;
                }
            }
            return 0;
        };
        items.sort(cmp);
        return NodeResult.of(items);
    }

    private static List<JsonNode> toList(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(out::add);
        return out;
    }

    private static JsonNode lower(JsonNode v) {
        return v != null && v.isTextual()
                ? io.hetumind.core.spi.Json.F.textNode(v.textValue().toLowerCase(Locale.ROOT))
                : v;
    }

    /** JavaScript's {@code a < b}: text compares as text, anything else numerically. */
    private static boolean less(JsonNode a, JsonNode b) {
        if (a == null || b == null || a.isMissingNode() || b.isMissingNode()) {
            return false;
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue()) < 0;
        }
        return Js.toNumber(a) < Js.toNumber(b);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return "code".equals(node.parameters().path("type").asText())
                ? Optional.of(NodePolicy.Capability.CODE)
                : Optional.empty();
    }
}
