package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.JsonSchemas;
import io.hetumind.nodes.ai.parser.StructuredOutputParserNode;

/**
 * Information Extractor (n8n {@code informationExtractor} 1–1.2): pulls the attributes described
 * (a list of typed attributes, a JSON example, or a JSON schema) out of a text; the item becomes
 * {@code {output: {…}}}. A bad answer is sent back once to the model with what was wrong.
 */
public final class InformationExtractorNode implements NodeType {

    static final String SYSTEM_PROMPT = "You are an expert extraction algorithm.\nOnly extract relevant information"
            + " from the text.\nIf you do not know the value of an attribute asked to extract, you may omit the"
            + " attribute's value.";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.informationExtractor")
            .versions(1, 1.1, 1.2)
            .displayName("Information Extractor")
            .description("Extract information from text in a structured format")
            .group(NodeGroup.AI)
            .icon("project-diagram")
            .alias(AiParams.N8N + "informationExtractor")
            .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Model"))
            .property(PropertySpec.string("text")
                    .displayName("Text")
                    .defaultValue("")
                    .required()
                    .rows(2))
            .property(PropertySpec.options("schemaType")
                    .displayName("Schema Type")
                    .defaultValue("fromAttributes")
                    .option("fromAttributes", "From Attribute Descriptions")
                    .option("fromJson", "Generate From JSON Example")
                    .option("manual", "Define using JSON Schema")
                    .noExpression())
            .property(PropertySpec.json("jsonSchemaExample")
                    .displayName("JSON Example")
                    .defaultValue(
                            "{\n\t\"state\": \"California\",\n\t\"cities\": [\"Los Angeles\", \"San Francisco\", \"San Diego\"]\n}")
                    .showWhen("schemaType", "fromJson"))
            .property(PropertySpec.json("inputSchema")
                    .displayName("Input Schema")
                    .defaultValue(StructuredOutputParserNode.SCHEMA)
                    .showWhen("schemaType", "manual"))
            .property(PropertySpec.fixedCollection("attributes")
                    .displayName("Attributes")
                    .defaultValue(Json.object())
                    .showWhen("schemaType", "fromAttributes")
                    .child(PropertySpec.collection("attributes")
                            .displayName("Attribute List")
                            .multipleValues()
                            .child(PropertySpec.string("name")
                                    .displayName("Name")
                                    .defaultValue("")
                                    .required())
                            .child(PropertySpec.options("type")
                                    .displayName("Type")
                                    .defaultValue("string")
                                    .option("boolean", "Boolean")
                                    .option("date", "Date")
                                    .option("number", "Number")
                                    .option("string", "String"))
                            .child(PropertySpec.string("description")
                                    .displayName("Description")
                                    .defaultValue("")
                                    .required())
                            .child(PropertySpec.bool("required")
                                    .displayName("Required")
                                    .defaultValue(false))))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.string("systemPromptTemplate")
                            .displayName("System Prompt Template")
                            .defaultValue(SYSTEM_PROMPT)
                            .rows(6)))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return PerItem.run(ctx, item -> {
            LanguageModel model = ctx.attachedOne(
                            ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                    .value();
            String text = ctx.param("text", item, String.class, "");
            if (text == null || text.isBlank()) {
                throw NodeException.user("the text to extract from is empty", item);
            }
            JsonNode schema = schema(ctx, item);
            String system = ctx.param("options.systemPromptTemplate", item, String.class, SYSTEM_PROMPT);
            JsonNode output = Structured.ask(ctx, model, system, text, schema, true, item);
            ObjectNode out = Json.object();
            out.set("output", output);
            return out;
        });
    }

    private static JsonNode schema(NodeParameters ctx, int item) {
        String type = ctx.param("schemaType", item, String.class, "fromAttributes");
        if ("fromAttributes".equals(type)) {
            JsonNode attrs = ctx.paramTree("attributes.attributes", item);
            if (attrs == null || !attrs.isArray() || attrs.isEmpty()) {
                throw NodeException.user("At least one attribute must be specified", item);
            }
            ObjectNode schema = Json.object().put("type", "object");
            ObjectNode props = schema.putObject("properties");
            var required = schema.putArray("required");
            for (JsonNode a : attrs) {
                String name = a.path("name").asText("");
                if (name.isBlank()) {
                    throw NodeException.user("parameter 'attributes.attributes': an attribute has no name", item);
                }
                String t = a.path("type").asText("string");
                ObjectNode p = props.putObject(name);
                switch (t) {
                    case "number", "boolean" -> p.put("type", t);
                    case "date" -> p.put("type", "string").put("format", "date-time");
                    case "string" -> p.put("type", "string");
                    default -> throw NodeException.user("attribute '" + name + "': unknown type '" + t + "'", item);
                }
                p.put(
                        "description",
                        a.path("description").asText("") + ("date".equals(t) ? " (an ISO 8601 date)" : ""));
                if (a.path("required").asBoolean(false)) {
                    required.add(name);
                }
            }
            return schema;
        }
        String param = "fromJson".equals(type) ? "jsonSchemaExample" : "inputSchema";
        JsonNode raw = ctx.paramTree(param, item);
        JsonNode tree;
        try {
            tree = raw == null ? null : raw.isTextual() ? Json.reader().readTree(raw.asText()) : raw;
        } catch (Exception e) {
            throw NodeException.user("parameter '" + param + "' is not valid JSON", item);
        }
        if (tree == null || !tree.isObject()) {
            throw NodeException.user("parameter '" + param + "' must be a JSON object", item);
        }
        return "fromJson".equals(type) ? JsonSchemas.fromExample(tree) : tree;
    }
}
