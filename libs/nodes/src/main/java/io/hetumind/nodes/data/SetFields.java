package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeEnvironment;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.TypeValidation;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and type-checks Set v3 fields: v3.3+ {@code assignments}, v3.0–3.2 {@code fields.values}. */
final class SetFields {

    private static final String FIX = "To fix the error try to change the type for the field \"%s\" or activate"
            + " the option “Ignore Type Conversion Errors” to apply a less strict type validation";

    private SetFields() {}

    static Map<String, JsonNode> read(NodeContext ctx, int i, double version, boolean ignoreErrors) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (version >= 3.3) {
            JsonNode list = path(ctx.paramTree("assignments", i), "assignments");
            for (JsonNode a : list) {
                String name = name(a, i);
                String type = a.path("type").asText("string");
                out.put(name, validate(name, type, a.get("value"), i, version, ignoreErrors, ctx));
            }
        } else {
            JsonNode list = path(ctx.paramTree("fields", i), "values");
            for (JsonNode f : list) {
                String name = name(f, i);
                String typeKey = f.path("type").asText("stringValue");
                String type = typeKey.endsWith("Value") ? typeKey.substring(0, typeKey.length() - 5) : typeKey;
                JsonNode value = f.has(typeKey) ? f.get(typeKey) : null;
                out.put(name, validate(name, type, value, i, version, ignoreErrors, ctx));
            }
        }
        return out;
    }

    private static JsonNode path(JsonNode tree, String key) {
        if (tree == null || tree.isNull()) {
            return Json.array();
        }
        JsonNode list = tree.get(key);
        return list == null || !list.isArray() ? Json.array() : list;
    }

    private static String name(JsonNode field, int i) {
        JsonNode n = field.get("name");
        if (Js.isNullish(n) || Js.toString(n, true).isEmpty()) {
            throw NodeException.user("a field to set has no name [item " + i + "]", i);
        }
        return Js.toString(n, true);
    }

    private static JsonNode validate(
            String name, String type, JsonNode value, int i, double version, boolean ignore, NodeEnvironment ctx) {
        JsonNode v = value;
        if (version >= 3.2 && Js.isNullish(v)) {
            // from v3.2 on, n8n lets a null or undefined value through as null whatever the field's type
            return Json.F.nullNode();
        }
        if (type.equals("string")) {
            if (Js.isNullish(v)) {
                if (version > 3 || ignore) {
                    if (ignore) {
                        return Json.F.nullNode();
                    }
                    throw error("'" + name + "' expects a string but we got " + TypeValidation.describe(v), name, i);
                }
                return Json.F.textNode(Js.toString(v, true));
            }
            return Json.F.textNode(Js.toString(v, true));
        }
        if (Js.isNullish(v)) {
            return Json.F.nullNode();
        }
        TypeValidation.Result r = TypeValidation.validate(name, v, type, false, ctx.zone());
        if (!r.valid()) {
            if (ignore) {
                return v;
            }
            throw error(r.error(), name, i);
        }
        return r.value();
    }

    private static NodeException error(String message, String name, int i) {
        return new NodeException(ErrorKind.USER, message + " [item " + i + "]", i, FIX.formatted(name), null);
    }
}
