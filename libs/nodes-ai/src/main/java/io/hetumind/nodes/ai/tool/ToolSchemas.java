package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;

/** Tool specifications from JSON Schema trees (what n8n's tools take as input schemas). */
public final class ToolSchemas {

    private ToolSchemas() {}

    /** A tool taking one string {@code input}, as LangChain's DynamicTool does. */
    public static ToolSpecification singleInput(String name, String description) {
        return ToolSpecification.builder()
                .name(name)
                .description(description)
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("input", "the input to the tool")
                        .required("input")
                        .build())
                .build();
    }

    public static ToolSpecification fromSchema(String name, String description, JsonNode schema) {
        JsonSchemaElement el = element(schema);
        JsonObjectSchema params = el instanceof JsonObjectSchema o
                ? o
                : JsonObjectSchema.builder()
                        .addProperty("input", el)
                        .required("input")
                        .build();
        return ToolSpecification.builder()
                .name(name)
                .description(description)
                .parameters(params)
                .build();
    }

    public static JsonSchemaElement element(JsonNode s) {
        String description =
                s.path("description").isTextual() ? s.get("description").asText() : null;
        if (s.path("anyOf").isArray()) {
            List<JsonSchemaElement> any = new ArrayList<>();
            s.get("anyOf").forEach(a -> any.add(element(a)));
            return JsonAnyOfSchema.builder().description(description).anyOf(any).build();
        }
        if (s.has("enum") && s.get("enum").isArray()) {
            List<String> values = new ArrayList<>();
            s.get("enum").forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder()
                    .enumValues(values)
                    .description(description)
                    .build();
        }
        String type = s.path("type").isArray()
                ? s.get("type").get(0).asText()
                : s.path("type").asText("string");
        return switch (type) {
            case "object" -> {
                var b = JsonObjectSchema.builder().description(description);
                s.path("properties").properties().forEach(e -> b.addProperty(e.getKey(), element(e.getValue())));
                List<String> required = new ArrayList<>();
                s.path("required").forEach(r -> required.add(r.asText()));
                if (!required.isEmpty()) {
                    b.required(required);
                }
                if (s.path("additionalProperties").isBoolean()) {
                    b.additionalProperties(s.get("additionalProperties").asBoolean());
                }
                yield b.build();
            }
            case "array" ->
                JsonArraySchema.builder()
                        .description(description)
                        .items(
                                s.path("items").isObject()
                                        ? element(s.get("items"))
                                        : s.path("items").isBoolean()
                                                ? null
                                                : JsonStringSchema.builder().build())
                        .build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "integer" ->
                JsonIntegerSchema.builder().description(description).build();
            case "boolean" ->
                JsonBooleanSchema.builder().description(description).build();
            default -> JsonStringSchema.builder().description(description).build();
        };
    }
}
