package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Item Lists' descriptor: its operation list per version plus each standalone node's properties under it. */
final class ItemListsDescriptor {

    static final Object[] LEGACY = {1, 2, 2.1, 2.2};
    static final Object[] CURRENT = {3, 3.1};

    private static final Set<String> FIELD_LISTS = Set.of("fieldsToInclude", "fieldsToExclude", "fieldsToCompare");

    private ItemListsDescriptor() {}

    static NodeDescriptor build(Map<String, NodeDescriptor> inner) {
        NodeDescriptor.Builder b = NodeDescriptor.builder("hetumind.itemLists")
                .versions(1, 2, 2.1, 2.2, 3, 3.1)
                .displayName("Item Lists")
                .description("Helper for working with lists of items and transforming arrays")
                .group(NodeGroup.DATA)
                .icon("list")
                .alias("n8n-nodes-base.itemLists")
                .property(operation("aggregateItems").showWhen(PropertySpec.VERSION, LEGACY))
                .property(operation("concatenateItems").showWhen(PropertySpec.VERSION, CURRENT));
        inner.forEach((op, d) -> {
            List<Object> ops = new ArrayList<>(List.of(op));
            if (op.equals("aggregateItems")) {
                ops.add("concatenateItems");
            }
            for (PropertySpec p : d.properties()) {
                if (p.name().equals("operation") || !atFirstVersion(p)) {
                    // Remove Duplicates v2's own operations and their settings: Item Lists runs the node as
                    // version 1 / 1.1 and names the operation itself
                    continue;
                }
                PropertySpec shown = adapt(p, Map.of("operation", ops.toArray()));
                if (FIELD_LISTS.contains(p.name())) {
                    b.property(adapt(shown, Map.of(PropertySpec.VERSION, CURRENT)));
                    b.property(legacyFieldList(adapt(shown, Map.of(PropertySpec.VERSION, LEGACY))));
                } else {
                    b.property(shown);
                }
            }
        });
        return b.build();
    }

    private static PropertySpec.Builder operation(String concatenate) {
        return PropertySpec.options("operation")
                .displayName("Operation")
                .noExpression()
                .option(concatenate, "Concatenate Items", "Combine fields into a list in a single new item")
                .option("limit", "Limit", "Remove items if there are too many")
                .option("removeDuplicates", "Remove Duplicates", "Remove extra items that are similar")
                .option("sort", "Sort", "Change the item order")
                .option("splitOutItems", "Split Out Items", "Turn a list inside item(s) into separate items")
                .option("summarize", "Summarize", "Aggregate items together (pivot table)")
                .defaultValue("splitOutItems");
    }

    /** Whether the inner node shows {@code p} at version 1 (which Item Lists runs it as). */
    private static boolean atFirstVersion(PropertySpec p) {
        List<JsonNode> versions = p.showWhen().get(PropertySpec.VERSION);
        return versions == null || versions.stream().anyMatch(v -> v.asDouble() == 1);
    }

    /** A copy of {@code p} also shown under {@code extra}; the inner node's version rules are dropped. */
    private static PropertySpec adapt(PropertySpec p, Map<String, Object[]> extra) {
        Map<String, List<JsonNode>> show = new HashMap<>(p.showWhen());
        show.remove(PropertySpec.VERSION);
        extra.forEach((k, vs) -> {
            List<JsonNode> list = new ArrayList<>();
            for (Object v : vs) {
                list.add(Json.toNode(v));
            }
            show.put(k, list);
        });
        return new PropertySpec(
                p.name(),
                p.displayName(),
                p.type(),
                p.defaultValue(),
                p.required(),
                p.description(),
                p.placeholder(),
                p.options(),
                p.children().stream().map(c -> adapt(c, Map.of())).toList(),
                show,
                p.hideWhen(),
                p.multipleValues(),
                p.noExpression(),
                p.typeOptions());
    }

    /** v1 and v2 write field lists as {@code {fields: [{fieldName}]}}. */
    private static PropertySpec legacyFieldList(PropertySpec p) {
        PropertySpec fields = PropertySpec.collection("fields")
                .displayName("")
                .child(PropertySpec.string("fieldName").displayName("Field Name"))
                .build();
        return new PropertySpec(
                p.name(),
                p.displayName(),
                io.hetumind.core.spi.PropertyType.FIXED_COLLECTION,
                Json.object(),
                false,
                p.description(),
                "Add Field",
                List.of(),
                List.of(fields),
                p.showWhen(),
                p.hideWhen(),
                true,
                false);
    }
}
