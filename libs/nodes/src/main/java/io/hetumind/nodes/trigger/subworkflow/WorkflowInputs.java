package io.hetumind.nodes.trigger.subworkflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeEnvironment;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.nodes.internal.TypeValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * n8n's typed sub-workflow inputs ({@code workflowInputsResourceMapping}): the fields a child's
 * trigger declares, and the parent's {@code workflowInputs} resource mapper applied to its items.
 */
final class WorkflowInputs {

    static final String FIELDS = "workflowInputs";
    static final String JSON_EXAMPLE = "jsonExample";
    static final String PASSTHROUGH = "passthrough";

    /** One declared input; {@code type} is {@code any} for a field that takes every value. */
    record Field(String name, String type) {}

    private WorkflowInputs() {}

    /** The trigger's declared fields, or null when it accepts all data. */
    static List<Field> declared(NodeParameters ctx) {
        String source = ctx.param("inputSource", 0, String.class, FIELDS);
        return switch (source) {
            case PASSTHROUGH -> null;
            case FIELDS -> fromList(ctx.paramTree(FIELDS + ".values", 0));
            case JSON_EXAMPLE -> fromExample(ctx.paramTree(JSON_EXAMPLE, 0));
            default -> throw NodeException.user("Internal Error: Invalid input source", 0);
        };
    }

    private static List<Field> fromList(JsonNode values) {
        List<Field> out = new ArrayList<>();
        if (values != null && values.isArray()) {
            for (JsonNode v : values) {
                out.add(new Field(v.path("name").asText(""), v.path("type").asText("string")));
            }
        }
        return out;
    }

    /** Fields inferred from an example object, as n8n's generate-schema step does: null means any type. */
    private static List<Field> fromExample(JsonNode example) {
        JsonNode json = example;
        if (example == null || example.isNull()) {
            json = Json.object();
        } else if (example.isTextual()) {
            try {
                json = Json.parse(example.textValue());
            } catch (IllegalArgumentException e) {
                throw NodeException.user("parameter 'jsonExample': " + e.getMessage(), 0);
            }
        }
        if (!json.isObject()) {
            throw NodeException.user(
                    "Invalid JSON schema type. Only object type is supported, but got " + jsonType(json), 0);
        }
        List<Field> out = new ArrayList<>();
        json.properties().forEach(e -> out.add(new Field(e.getKey(), jsonType(e.getValue()))));
        return out;
    }

    private static String jsonType(JsonNode v) {
        if (v.isNull()) {
            return "any";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isObject()) {
            return "object";
        }
        if (v.isNumber()) {
            return "number";
        }
        return v.isBoolean() ? "boolean" : "string";
    }

    /** Only the declared fields of {@code json}, in declared order, null where missing (n8n's trigger). */
    static ObjectNode pick(ObjectNode json, List<Field> fields) {
        ObjectNode out = Json.object();
        for (Field f : fields) {
            JsonNode v = json.get(f.name());
            out.set(f.name(), v == null ? Json.F.nullNode() : v.deepCopy());
        }
        return out;
    }

    /**
     * The items a parent sends with its {@code workflowInputs} mapper (n8n's
     * {@code getCurrentWorkflowInputData}): each item's JSON with the mapped values over it, each
     * value checked and converted to its schema type (strictly unless {@code attemptToConvertTypes}),
     * fields marked removed in the schema dropped.
     */
    static List<Item> map(NodeContext ctx, List<Item> items, JsonNode mapper) {
        JsonNode schema = mapper.path("schema");
        boolean strict = mapper.path("attemptToConvertTypes").isBoolean()
                && !mapper.path("attemptToConvertTypes").booleanValue();
        boolean parseStrings = mapper.path("convertFieldsToString").asBoolean(false);
        Set<String> removed = new HashSet<>();
        schema.forEach(s -> {
            if (s.path("removed").asBoolean(false)) {
                removed.add(s.path("displayName").asText());
            }
        });
        List<Item> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ObjectNode json = items.get(i).json().deepCopy();
            JsonNode values = ctx.paramTree(FIELDS + ".value", i);
            if (values != null && values.isObject()) {
                for (var e : values.properties()) {
                    JsonNode v =
                            convert(ctx, e.getKey(), e.getValue(), typeOf(schema, e.getKey()), strict, parseStrings, i);
                    if (v == null || v.isMissingNode()) {
                        json.remove(e.getKey()); // undefined: the key is gone, as in JavaScript
                    } else {
                        json.set(e.getKey(), v);
                    }
                }
            }
            if (!schema.isEmpty()) {
                removed.forEach(json::remove);
            }
            out.add(new Item(json, items.get(i).binary(), null).withPairedItem(i));
        }
        return out;
    }

    private static String typeOf(JsonNode schema, String id) {
        for (JsonNode s : schema) {
            if (id.equals(s.path("id").asText(null))) {
                JsonNode type = s.get("type");
                return type == null || type.isNull() ? null : type.asText();
            }
        }
        return null;
    }

    /** n8n's {@code validateFieldType} for a resource-mapper value: null and undefined come out undefined. */
    private static JsonNode convert(
            NodeEnvironment ctx,
            String key,
            JsonNode value,
            String type,
            boolean strict,
            boolean parseStrings,
            int item) {
        if (type == null) {
            return value;
        }
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if ("string".equalsIgnoreCase(type) && !parseStrings) {
            return value;
        }
        TypeValidation.Result r = TypeValidation.validate(key, value, type, strict, ctx.zone());
        if (!r.valid()) {
            throw new NodeException(
                    ErrorKind.USER, "Invalid input for '" + key + "' [item " + item + "]", item, r.error(), null);
        }
        return r.value();
    }
}
