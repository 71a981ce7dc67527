package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ExecutionCustomData;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Execution Data (n8n {@code executionData} 1, 1.1): saves key/value pairs with the execution ("highlight data"),
 * where the studio shows them and filters runs by them, and passes its items on unchanged. Per item its Data to Save
 * is set with n8n's rules ({@link ExecutionCustomData#setAll}: at most 10 keys, {@code A-Za-z0-9_} keys, text or number
 * values, cut to 50/512 characters); a later item's value for a key replaces an earlier one. From 1.1 a falsy value
 * (null, false, 0) is kept as ""; version 1 keeps it as it is, so null and false are refused and 0 is "0". The host keeps the data (the studio
 * with the execution record, the CLI in memory for the run).
 */
public final class ExecutionDataNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.executionData")
            .versions(1, 1.1)
            .displayName("Execution Data")
            .description("Adds execution data for search: key/value pairs kept with the execution")
            .group(NodeGroup.DATA)
            .icon("tasks")
            .alias("n8n-nodes-base.executionData")
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .option("save", "Save Highlight Data (for Search/review)")
                    .defaultValue("save")
                    .noExpression())
            .property(PropertySpec.fixedCollection("dataToSave")
                    .displayName("Data to Save")
                    .placeholder("Add Saved Field")
                    .addButtonText("Add Saved Field")
                    .showWhen("operation", "save")
                    .child(PropertySpec.collection("values")
                            .displayName("Values")
                            .multipleValues()
                            .child(PropertySpec.string("key")
                                    .displayName("Key")
                                    .placeholder("e.g. myKey")
                                    .description("Letters, digits and _ only; at most 50 characters kept"))
                            .child(PropertySpec.string("value")
                                    .displayName("Value")
                                    .placeholder("e.g. myValue")
                                    .description("Text or a number; at most 512 characters kept"))))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        if (!"save".equals(ctx.param("operation", 0, String.class, "save"))) {
            return NodeResult.of(items);
        }
        ExecutionCustomData store = ctx.service(ExecutionCustomData.class)
                .orElseThrow(() -> NodeException.user("this host keeps no execution data (no custom data store)"));
        boolean missingIsEmpty = ctx.node().typeVersion() >= 1.1;
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                store.setAll(ctx.executionId(), values(ctx.paramTree("dataToSave", i), missingIsEmpty));
                out.add(items.get(i));
            } catch (IllegalArgumentException e) {
                if (!ctx.continueOnFail()) {
                    throw NodeException.user(e.getMessage(), i);
                }
                out.add(Item.of(Json.object().put("error", e.getMessage())).withPairedItem(i));
            }
        }
        return NodeResult.of(out);
    }

    /** JavaScript's falsiness of a JSON value. */
    private static boolean falsy(JsonNode v) {
        return v == null
                || v.isNull()
                || (v.isTextual() && v.textValue().isEmpty())
                || (v.isNumber() && (v.doubleValue() == 0 || Double.isNaN(v.doubleValue())))
                || (v.isBoolean() && !v.booleanValue());
    }

    /** An item's Data to Save as n8n's reduce makes it: a later entry with the same key wins. */
    private static Map<String, JsonNode> values(JsonNode dataToSave, boolean missingIsEmpty) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        JsonNode entries = dataToSave == null ? null : dataToSave.path("values");
        if (entries == null || !entries.isArray()) {
            return values;
        }
        for (JsonNode e : entries) {
            // a value left out is its default, "" (n8n fills a fixed collection's defaults)
            JsonNode value = e.has("value") ? e.get("value") : Json.F.textNode("");
            String key = e.path("key").isValueNode() ? e.path("key").asText() : "";
            // n8n: value ? value : (version >= 1.1 ? '' : value): a falsy value is "" from 1.1, and kept before
            values.put(key, falsy(value) && missingIsEmpty ? Json.F.textNode("") : value);
        }
        return values;
    }
}
