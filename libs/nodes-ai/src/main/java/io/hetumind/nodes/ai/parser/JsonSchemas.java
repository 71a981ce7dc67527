package io.hetumind.nodes.ai.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema subset the output parsers check: {@code type} (one or a list), {@code properties},
 * {@code required}, {@code additionalProperties: false}, {@code items}, {@code enum},
 * {@code minimum}/{@code maximum}. {@link #fromExample} derives a schema from an example (n8n's
 * "Generate From JSON Example"): every value's type, no property required.
 */
public final class JsonSchemas {

    private JsonSchemas() {}

    public static ObjectNode fromExample(JsonNode example) {
        ObjectNode s = Json.object();
        switch (example.getNodeType()) {
            case OBJECT -> {
                s.put("type", "object");
                ObjectNode props = s.putObject("properties");
                example.properties().forEach(e -> props.set(e.getKey(), fromExample(e.getValue())));
            }
            case ARRAY -> {
                s.put("type", "array");
                if (!example.isEmpty()) {
                    s.set("items", fromExample(example.get(0)));
                }
            }
            case STRING -> s.put("type", "string");
            case NUMBER -> s.put("type", "number");
            case BOOLEAN -> s.put("type", "boolean");
            default -> s.put("type", "null");
        }
        return s;
    }

    /** Every way {@code value} breaks {@code schema}, as "path: problem" lines; empty when it fits. */
    public static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private static void check(JsonNode schema, JsonNode v, String path, List<String> out) {
        if (schema == null || !schema.isObject() || out.size() > 20) {
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            List<String> types = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            } else {
                types.add(type.asText());
            }
            if (types.stream().noneMatch(t -> is(t, v))) {
                out.add(path + ": expected " + String.join(" or ", types) + ", got " + kind(v));
                return;
            }
        }
        JsonNode en = schema.get("enum");
        if (en != null && en.isArray()) {
            boolean found = false;
            for (JsonNode e : en) {
                found |= e.equals(v) || (e.isNumber() && v.isNumber() && e.doubleValue() == v.doubleValue());
            }
            if (!found) {
                out.add(path + ": must be one of " + en);
            }
        }
        if (v.isNumber()) {
            if (schema.has("minimum") && v.doubleValue() < schema.get("minimum").doubleValue()) {
                out.add(path + ": must be at least " + schema.get("minimum"));
            }
            if (schema.has("maximum") && v.doubleValue() > schema.get("maximum").doubleValue()) {
                out.add(path + ": must be at most " + schema.get("maximum"));
            }
        }
        if (v.isObject()) {
            JsonNode props = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!v.has(r.asText()) || v.get(r.asText()).isNull() && !allowsNull(props.get(r.asText()))) {
                    out.add(path + ": '" + r.asText() + "' is required");
                }
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                JsonNode p = props.get(e.getKey());
                if (p != null) {
                    check(p, e.getValue(), path + "." + e.getKey(), out);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    out.add(path + ": '" + e.getKey() + "' is not allowed");
                }
            }
        }
        if (v.isArray() && schema.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(schema.get("items"), v.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static boolean allowsNull(JsonNode schema) {
        return schema != null
                && is("null", Json.F.nullNode())
                && schema.path("type").toString().contains("null");
    }

    private static boolean is(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()));
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> true;
        };
    }

    private static String kind(JsonNode v) {
        return v.isNull() ? "null" : v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
