package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
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
import io.hetumind.nodes.internal.FieldLists;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Aggregate: combines fields of all items (or the items themselves) into lists on one item. */
public final class AggregateNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.aggregate")
            .versions(1)
            .displayName("Aggregate")
            .description("Combines a field from many items into a list in a single item")
            .group(NodeGroup.DATA)
            .icon("object-group")
            .alias("n8n-nodes-base.aggregate")
            .property(PropertySpec.options("aggregate")
                    .displayName("Aggregate")
                    .option("aggregateIndividualFields", "Individual Fields")
                    .option("aggregateAllItemData", "All Item Data (Into a Single List)")
                    .defaultValue("aggregateIndividualFields"))
            .property(PropertySpec.fixedCollection("fieldsToAggregate")
                    .displayName("Fields To Aggregate")
                    .multipleValues()
                    .addButtonText("Add Field To Aggregate")
                    .child(PropertySpec.collection("fieldToAggregate")
                            .displayName("")
                            .child(PropertySpec.string("fieldToAggregate")
                                    .displayName("Input Field Name")
                                    .placeholder("e.g. id"))
                            .child(PropertySpec.bool("renameField").displayName("Rename Field"))
                            .child(PropertySpec.string("outputFieldName")
                                    .displayName("Output Field Name")
                                    .showWhen("renameField", true)))
                    .showWhen("aggregate", "aggregateIndividualFields"))
            .property(PropertySpec.string("destinationFieldName")
                    .displayName("Put Output in Field")
                    .defaultValue("data")
                    .showWhen("aggregate", "aggregateAllItemData"))
            .property(PropertySpec.options("include")
                    .displayName("Include")
                    .option("allFields", "All Fields")
                    .option("specifiedFields", "Specified Fields")
                    .option("allFieldsExcept", "All Fields Except")
                    .defaultValue("allFields")
                    .showWhen("aggregate", "aggregateAllItemData"))
            .property(PropertySpec.json("fieldsToInclude")
                    .displayName("Fields To Include")
                    .defaultValue("")
                    .showWhen("include", "specifiedFields"))
            .property(PropertySpec.json("fieldsToExclude")
                    .displayName("Fields To Exclude")
                    .defaultValue("")
                    .showWhen("include", "allFieldsExcept"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("disableDotNotation").displayName("Disable Dot Notation"))
                    .child(PropertySpec.bool("mergeLists").displayName("Merge Lists"))
                    .child(PropertySpec.bool("keepMissing").displayName("Keep Missing And Null Values"))
                    .child(PropertySpec.bool("includeBinaries")
                            .displayName("Include Binaries")
                            .description("Whether to include the binary data in the new item"))
                    .child(PropertySpec.bool("keepOnlyUnique")
                            .displayName("Keep Only Unique Binaries")
                            .description("Whether to keep only unique binaries by comparing mime types, file types,"
                                    + " file sizes and file extensions")
                            .showWhen("includeBinaries", true)))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        boolean dot = !ctx.param("options.disableDotNotation", 0, Boolean.class, false);
        // the items the output is made of, which n8n pairs it with: all of them, except those all-item-data leaves
        // out for having none of the fields it keeps
        List<Integer> used = new ArrayList<>();
        ObjectNode json;
        if ("aggregateAllItemData".equals(ctx.param("aggregate", 0, String.class, "aggregateIndividualFields"))) {
            json = allItemData(ctx, items, used);
        } else {
            json = individual(ctx, items, dot);
            for (int i = 0; i < items.size(); i++) {
                used.add(i);
            }
        }
        // none kept: n8n's pairedItem is [] (paired with nothing), not left for the engine to fill in
        List<PairedItem> pairs = used.isEmpty()
                ? Item.NO_PAIRS
                : used.stream().map(i -> PairedItem.of(i, 0)).toList();
        Item out = Item.of(json).withPairedItems(pairs);
        if (ctx.param("options.includeBinaries", 0, Boolean.class, false)) {
            out = out.withBinary(binaries(
                    used.stream().map(items::get).toList(),
                    ctx.param("options.keepOnlyUnique", 0, Boolean.class, false)));
        }
        return NodeResult.of(List.of(out));
    }

    /**
     * The binaries of {@code items} in one map, as n8n's Aggregate gathers them: in item order, a key already taken
     * gets {@code _1}, {@code _2} …; with {@code uniqueOnly} a binary whose mime type, file type, size and extension
     * match an earlier one is left out.
     */
    static Map<String, BinaryRef> binaries(List<Item> items, boolean uniqueOnly) {
        Map<String, BinaryRef> out = new LinkedHashMap<>();
        List<BinaryRef> seen = new ArrayList<>();
        for (Item item : items) {
            for (Map.Entry<String, BinaryRef> e : item.binary().entrySet()) {
                BinaryRef b = e.getValue();
                if (uniqueOnly) {
                    if (seen.stream()
                            .anyMatch(s -> Objects.equals(s.mimeType(), b.mimeType())
                                    && Objects.equals(s.fileType(), b.fileType())
                                    && s.fileSize() == b.fileSize()
                                    && Objects.equals(s.fileExtension(), b.fileExtension()))) {
                        continue;
                    }
                    seen.add(b);
                }
                String key = e.getKey();
                for (int n = 1; out.containsKey(key); n++) {
                    key = e.getKey() + "_" + n;
                }
                out.put(key, b);
            }
        }
        return out;
    }

    private static ObjectNode individual(NodeParameters ctx, List<Item> items, boolean dot) {
        JsonNode tree = ctx.paramTree("fieldsToAggregate", 0);
        JsonNode fields = tree == null ? Json.array() : tree.path("fieldToAggregate");
        if (fields.isEmpty()) {
            throw NodeException.user("No fields specified. Please add a field to aggregate", 0);
        }
        boolean keepMissing = ctx.param("options.keepMissing", 0, Boolean.class, false);
        boolean mergeLists = ctx.param("options.mergeLists", 0, Boolean.class, false);
        Map<String, ArrayNode> values = new LinkedHashMap<>();
        for (JsonNode f : fields) {
            String field = f.path("fieldToAggregate").asText("");
            if (field.isEmpty()) {
                throw NodeException.user("Field to aggregate is blank. Please enter a field name", 0);
            }
            String rename = f.path("renameField").asBoolean(false)
                    ? f.path("outputFieldName").asText("")
                    : "";
            String out = !rename.isEmpty()
                    ? rename
                    : dot && field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
            if (values.containsKey(out)) {
                throw NodeException.user("The '" + out + "' output field is used more than once", 0);
            }
            ArrayNode list = Json.array();
            values.put(out, list);
            for (Item item : items) {
                JsonNode v = JsonPaths.get(item.json(), field, dot);
                if (!keepMissing) {
                    if (v != null && v.isArray()) {
                        ArrayNode filtered = Json.array();
                        v.forEach(e -> {
                            if (!e.isNull()) {
                                filtered.add(e);
                            }
                        });
                        v = filtered;
                    } else if (Js.isNullish(v)) {
                        continue;
                    }
                }
                if (v != null && v.isArray() && mergeLists) {
                    v.forEach(e -> list.add(e.deepCopy()));
                } else {
                    list.add(v == null ? Json.F.nullNode() : v.deepCopy());
                }
            }
        }
        ObjectNode json = Json.object();
        values.forEach((k, v) -> JsonPaths.set(json, k, v, dot));
        return json;
    }

    private static ObjectNode allItemData(NodeParameters ctx, List<Item> items, List<Integer> used) {
        String dest = ctx.param("destinationFieldName", 0, String.class, "data");
        String include = ctx.param("include", 0, String.class, "allFields");
        // n8n filters each item's top-level keys by the literal names in the visible list (no dot paths, whatever
        // disableDotNotation says), in the item's own key order, and drops items left empty; with no names to
        // filter by, every item is kept as it is.
        List<String> incl =
                include.equals("specifiedFields") ? FieldLists.of(ctx.paramTree("fieldsToInclude", 0)) : List.of();
        List<String> excl =
                include.equals("allFieldsExcept") ? FieldLists.of(ctx.paramTree("fieldsToExclude", 0)) : List.of();
        boolean filter = !incl.isEmpty() || !excl.isEmpty();
        ArrayNode data = Json.array();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (!filter) {
                data.add(item.json().deepCopy());
                used.add(i);
                continue;
            }
            ObjectNode j = Json.object();
            item.json().properties().forEach(e -> {
                if (!excl.contains(e.getKey()) && (incl.isEmpty() || incl.contains(e.getKey()))) {
                    j.set(e.getKey(), e.getValue().deepCopy());
                }
            });
            if (!j.isEmpty()) {
                data.add(j);
                used.add(i);
            }
        }
        ObjectNode json = Json.object();
        json.set(dest, data);
        return json;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
