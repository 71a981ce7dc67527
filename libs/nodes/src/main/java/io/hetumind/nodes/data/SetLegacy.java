package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.Map;

/** Set v1/v2: {@code values.boolean|number|string} lists, with {@code keepOnlySet} and dot notation. */
final class SetLegacy {

    private SetLegacy() {}

    static Item apply(NodeParameters ctx, Item in, int i, double version) {
        boolean keepOnlySet = ctx.param("keepOnlySet", i, Boolean.class, false);
        boolean dot = ctx.param("options.dotNotation", i, Boolean.class, true);
        ObjectNode json = keepOnlySet ? Json.object() : in.json().deepCopy();
        JsonNode values = ctx.paramTree("values", i);
        for (JsonNode e : list(values, "boolean")) {
            JsonPaths.set(json, name(e, i), Json.F.booleanNode(Js.truthy(e.get("value"))), dot);
        }
        for (JsonNode e : list(values, "number")) {
            JsonNode v = e.has("value") ? e.get("value") : Json.F.numberNode(0);
            if (version >= 2 && v.isTextual() && !Double.isNaN(Js.toNumber(v.textValue()))) {
                v = Js.number(Js.toNumber(v.textValue()));
            }
            put(json, name(e, i), v, dot);
        }
        for (JsonNode e : list(values, "string")) {
            JsonNode v = e.has("value") ? e.get("value") : Json.F.textNode("");
            put(json, name(e, i), v, dot);
        }
        return new Item(json, keepOnlySet ? Map.of() : in.binary(), null).withPairedItem(i);
    }

    /**
     * As n8n's lodash {@code set}: an expression that gave {@code undefined} still makes the parent objects of a dotted
     * name, but the key itself holds undefined, which the item's JSON does not keep.
     */
    private static void put(ObjectNode json, String name, JsonNode v, boolean dot) {
        if (v != null && v.isMissingNode()) {
            JsonPaths.set(json, name, Json.F.nullNode(), dot);
            JsonPaths.unset(json, name, dot);
        } else {
            JsonPaths.set(json, name, v, dot);
        }
    }

    private static JsonNode list(JsonNode values, String key) {
        if (values == null || !values.isObject()) {
            return Json.array();
        }
        JsonNode l = values.get(key);
        return l == null || !l.isArray() ? Json.array() : l;
    }

    private static String name(JsonNode e, int i) {
        JsonNode n = e.get("name");
        String s = Js.isNullish(n) ? "propertyName" : Js.toString(n, true);
        if (s.isEmpty()) {
            throw NodeException.user("a value to set has an empty 'name' [item " + i + "]", i);
        }
        return s;
    }
}
