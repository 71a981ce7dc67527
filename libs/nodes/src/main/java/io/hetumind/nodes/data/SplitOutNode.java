package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
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
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Split Out: turns a list (or object values) inside each item into one item per element. */
public final class SplitOutNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.splitOut")
            .versions(1)
            .displayName("Split Out")
            .description("Turns a list inside item(s) into separate items")
            .group(NodeGroup.DATA)
            .icon("sign-out-alt")
            .alias("n8n-nodes-base.splitOut")
            .property(PropertySpec.string("fieldToSplitOut")
                    .displayName("Fields To Split Out")
                    .required()
                    .description("Comma-separated fields holding the lists to split out"))
            .property(PropertySpec.options("include")
                    .displayName("Include")
                    .option("noOtherFields", "No Other Fields")
                    .option("allOtherFields", "All Other Fields")
                    .option("selectedOtherFields", "Selected Other Fields")
                    .defaultValue("noOtherFields"))
            .property(PropertySpec.json("fieldsToInclude")
                    .displayName("Fields To Include")
                    .defaultValue("")
                    .description("Comma-separated field names, or a list of them")
                    .showWhen("include", "selectedOtherFields"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("disableDotNotation").displayName("Disable Dot Notation"))
                    .child(PropertySpec.string("destinationFieldName")
                            .displayName("Destination Field Name")
                            .description("Comma-separated, one per field to split out"))
                    .child(PropertySpec.bool("includeBinary")
                            .displayName("Include Binary")
                            .description("Whether to include the binary data in the new items")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<String> fields = FieldLists.of(ctx.paramTree("fieldToSplitOut", i));
            if (fields.isEmpty()) {
                throw NodeException.user("parameter 'fieldToSplitOut' is empty [item " + i + "]", i);
            }
            List<String> dest = FieldLists.of(ctx.paramTree("options.destinationFieldName", i));
            if (!dest.isEmpty() && dest.size() != fields.size()) {
                throw NodeException.user(
                        "If multiple fields to split out are given, the same number of destination"
                                + " fields must be given [item " + i + "]",
                        i);
            }
            String include = ctx.param("include", i, String.class, "noOtherFields");
            boolean dot = !ctx.param("options.disableDotNotation", i, Boolean.class, false);
            ObjectNode item = items.get(i).json();
            // n8n makes new items of JSON only: the input's files go along when asked to
            Map<String, BinaryRef> binary = ctx.param("options.includeBinary", i, Boolean.class, false)
                    ? items.get(i).binary()
                    : Map.of();
            List<ObjectNode> split = split(item, fields, dest, include, dot);
            for (ObjectNode entry : split) {
                ObjectNode json = include.equals("allOtherFields") ? item.deepCopy() : Json.object();
                if (include.equals("allOtherFields")) {
                    for (String f : fields) {
                        JsonPaths.unset(json, f, dot);
                    }
                } else if (include.equals("selectedOtherFields")) {
                    for (String f : FieldLists.of(ctx.paramTree("fieldsToInclude", i))) {
                        JsonNode v = JsonPaths.get(item, f, dot);
                        if (v != null) {
                            json.set(f, v.deepCopy());
                        }
                    }
                }
                // n8n assigns the destination with lodash-style writes, which never create a "__proto__" key:
                // such a destination leaves the item without the field (and no prototype is touched here either)
                entry.remove("__proto__");
                if (include.equals("noOtherFields")) {
                    json.setAll(entry);
                } else {
                    // the destination name may be a path ("data.foo") into the copied fields
                    entry.properties().forEach(e -> JsonPaths.set(json, e.getKey(), e.getValue(), dot));
                }
                out.add(new Item(json, binary, null).withPairedItem(i));
            }
        }
        return NodeResult.of(out);
    }

    private static List<ObjectNode> split(
            ObjectNode item, List<String> fields, List<String> dest, String include, boolean dot) {
        List<ObjectNode> split = new ArrayList<>();
        boolean multi = fields.size() > 1;
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            String destName = f < dest.size() ? dest.get(f) : "";
            JsonNode entity = JsonPaths.get(item, field, dot);
            List<JsonNode> elements = new ArrayList<>();
            if (entity == null) {
                // nothing to split
            } else if (entity.isArray()) {
                entity.forEach(elements::add);
            } else if (entity.isObject()) {
                entity.forEach(elements::add);
            } else {
                elements.add(entity);
            }
            for (int e = 0; e < elements.size(); e++) {
                if (split.size() <= e) {
                    split.add(Json.object());
                }
                JsonNode element = elements.get(e).deepCopy();
                String name = destName.isEmpty() ? field : destName;
                if (element.isObject() && include.equals("noOtherFields") && destName.isEmpty() && !multi) {
                    split.get(e).setAll((ObjectNode) element);
                } else {
                    split.get(e).set(name, element);
                }
            }
        }
        return split;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
