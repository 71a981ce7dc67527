package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Edit Fields (Set): sets typed fields on each item, keeping all, some or none of the input fields. */
public final class SetNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = SetDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        double version = ctx.node().typeVersion();
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>(items.size());
        List<Item> errors = new ArrayList<>();
        // Edit Fields v3+ continues on failure item by item (n8n's manual/raw mode catch): the failed item becomes
        // {error} paired with its input item, in place (continue) or on the error output, where the engine adds the
        // input item's fields as n8n does
        boolean inline = ctx.onError() == OnError.CONTINUE;
        // n8n duplicates in manual runs only (the designer, a test webhook): never in the CLI, a trigger or a schedule
        int copies = version >= 3 && "manual".equals(ctx.mode()) && ctx.param("duplicateItem", 0, Boolean.class, false)
                ? 1 + Math.max(0, ctx.param("duplicateCount", 0, Integer.class, 0))
                : 1;
        for (int i = 0; i < items.size(); i++) {
            try {
                Item made = version < 3
                        ? SetLegacy.apply(ctx, items.get(i), i, version)
                        : apply(ctx, items.get(i), i, version);
                for (int c = 0; c < copies; c++) {
                    out.add(made);
                }
            } catch (NodeException e) {
                if (version < 3 || !ctx.continueOnFail()) {
                    throw e;
                }
                Item error = Item.of(Json.object().put("error", e.getMessage())).withPairedItem(i);
                (inline ? out : errors).add(error);
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static Item apply(NodeContext ctx, Item in, int i, double version) {
        boolean ignoreErrors = ctx.param("options.ignoreConversionErrors", i, Boolean.class, false);
        Map<String, JsonNode> fields = "raw".equals(ctx.param("mode", i, String.class, "manual"))
                ? raw(ctx, i)
                : SetFields.read(ctx, i, version, ignoreErrors);
        return compose(ctx, in, i, version, fields);
    }

    private static Map<String, JsonNode> raw(NodeParameters ctx, int i) {
        JsonNode v = ctx.paramTree("jsonOutput", i);
        JsonNode parsed = v;
        if (v != null && v.isTextual()) {
            try {
                parsed = Json.parse(v.textValue());
            } catch (IllegalArgumentException e) {
                throw new NodeException(
                        ErrorKind.USER,
                        "The 'JSON Output' in item " + i + " does not contain a valid JSON object",
                        i,
                        e.getMessage(),
                        e);
            }
        }
        if (parsed == null || !parsed.isObject()) {
            throw NodeException.user("The 'JSON Output' in item " + i + " does not contain a valid JSON object", i);
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        parsed.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static Item compose(NodeParameters ctx, Item in, int i, double version, Map<String, JsonNode> fields) {
        String include = ctx.param("include", i, String.class, "all");
        boolean includeOther = version < 3.3 || ctx.param("includeOtherFields", i, Boolean.class, false);
        boolean dot = ctx.param("options.dotNotation", i, Boolean.class, true);
        boolean includeBinary = version >= 3.4
                ? !ctx.param("options.stripBinary", i, Boolean.class, false) && includeOther && !"none".equals(include)
                : ctx.param("options.includeBinary", i, Boolean.class, false);
        ObjectNode json = Json.object();
        if (includeOther) {
            switch (include) {
                case "all" -> json = in.json().deepCopy();
                case "none" -> {}
                case "selected" -> {
                    for (String f : names(ctx.param("includeFields", i, String.class, ""))) {
                        JsonNode v = JsonPaths.get(in.json(), f, dot);
                        if (v != null) {
                            // n8n keeps a dotted field under its last segment ("a.b.c" -> "c"), not at its path
                            String key = dot && f.contains(".") ? f.substring(f.lastIndexOf('.') + 1) : f;
                            JsonPaths.set(json, key, v.deepCopy(), dot);
                        }
                    }
                }
                case "except" -> {
                    json = in.json().deepCopy();
                    for (String f : names(ctx.param("excludeFields", i, String.class, ""))) {
                        JsonPaths.unset(json, f, dot);
                    }
                }
                default ->
                    throw NodeException.user(
                            "parameter 'include': unknown value '" + include + "' [item " + i + "]", i);
            }
        }
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            JsonPaths.set(json, e.getKey(), e.getValue(), dot);
        }
        Map<String, BinaryRef> binary = includeBinary ? in.binary() : Map.of();
        return new Item(json, binary, null).withPairedItem(i);
    }

    static List<String> names(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
