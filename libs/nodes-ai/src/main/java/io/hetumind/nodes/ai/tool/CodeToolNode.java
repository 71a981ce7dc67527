package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.parser.JsonSchemas;
import io.hetumind.nodes.code.JsRunner;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Code Tool (n8n {@code toolCode} 1–1.3, JavaScript): the agent's call runs {@code jsCode} in the
 * Code node's sandbox with {@code query} bound to the model's input (a string, or with an input
 * schema the arguments object). A string or number returned is the tool's answer; a failure or
 * another kind of value answers {@code There was an error: "…"} to the model.
 */
public final class CodeToolNode implements SupplierNode {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.toolCode")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Code Tool")
            .description("Write a tool in JavaScript for an AI agent")
            .group(NodeGroup.AI)
            .icon("code")
            .alias(AiParams.N8N + "toolCode")
            .subNode(ConnectionTypes.AI_TOOL)
            .property(PropertySpec.string("name")
                    .displayName("Name")
                    .defaultValue("")
                    .placeholder("My_Tool")
                    .description("The tool's name the model sees; empty: made from the node name"))
            .property(PropertySpec.string("description")
                    .displayName("Description")
                    .defaultValue("")
                    .required()
                    .rows(3))
            .property(PropertySpec.options("language")
                    .displayName("Language")
                    .defaultValue("javaScript")
                    .option("javaScript", "JavaScript")
                    .noExpression())
            // n8n runs a sample when an export leaves the code out: the query in upper case
            .property(PropertySpec.code("jsCode")
                    .displayName("JavaScript")
                    .defaultValue(
                            "// The agent's input is in query: here it comes back in upper case\nreturn query.toUpperCase()")
                    .editor("javascript")
                    .noExpression()
                    .description("The input is in 'query'; return a string"))
            .property(PropertySpec.bool("specifyInputSchema")
                    .displayName("Specify Input Schema")
                    .defaultValue(false)
                    .showWhen(PropertySpec.VERSION, 1.1, 1.2, 1.3))
            .property(PropertySpec.options("schemaType")
                    .displayName("Schema Type")
                    .defaultValue("fromJson")
                    .option("fromJson", "Generate From JSON Example")
                    .option("manual", "Define using JSON Schema")
                    .showWhen("specifyInputSchema", true))
            .property(PropertySpec.json("jsonSchemaExample")
                    .displayName("JSON Example")
                    .defaultValue("{\n\t\"some_input\": \"some_value\"\n}")
                    .showWhen("specifyInputSchema", true)
                    .showWhen("schemaType", "fromJson"))
            .property(PropertySpec.json("inputSchema")
                    .displayName("Input Schema")
                    .defaultValue(
                            "{\n\"type\": \"object\",\n\"properties\": {\n\t\"some_input\": {\n\t\t\"type\": \"string\""
                                    + ",\n\t\t\"description\": \"Some input to the function\"\n\t\t}\n\t}\n}")
                    .showWhen("specifyInputSchema", true)
                    .showWhen("schemaType", "manual"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        NodePolicy.require(ctx, NodePolicy.Capability.CODE, "Code Tool");
        String name = ctx.param("name", item, String.class, "");
        name = name == null || name.isBlank() ? AgentTool.toolName(ctx.node().name()) : AgentTool.toolName(name);
        String description = ctx.param("description", item, String.class, "");
        if (description == null || description.isBlank()) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': the tool needs a description the model can read", item);
        }
        JsonNode code = ctx.paramTree("jsCode", item);
        if (code == null || code.asText().isBlank()) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': parameter 'jsCode' is empty: there is no code to run", item);
        }
        boolean withSchema =
                ctx.node().typeVersion() >= 1.1 && ctx.param("specifyInputSchema", item, Boolean.class, false);
        ToolSpecification spec = withSchema
                ? ToolSchemas.fromSchema(name, description, schema(ctx, item))
                : ToolSchemas.singleInput(name, description);
        String source = code.asText();
        return new AgentTool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String execute(String argumentsJson, int itemIndex) {
                try {
                    JsonNode args = Json.reader().readTree(argumentsJson);
                    JsonNode query = withSchema ? args : args.path("input");
                    if (query.isMissingNode()) {
                        query = args;
                    }
                    // on the first line so the user's line numbers in errors stay right
                    String wrapped = "var query = " + Json.writer().writeValueAsString(query) + "; " + source;
                    JsonNode result =
                            JsRunner.compile(ctx, wrapped, "jsCode", TIMEOUT).run(itemIndex, Set.of());
                    if (result != null && (result.isTextual() || result.isNumber())) {
                        ctx.log("tool " + spec.name() + " answered");
                        return result.asText();
                    }
                    return "There was an error: \"The code did not return a valid value. Instead of a string did a"
                            + " value of type '"
                            + (result == null || result.isNull()
                                    ? "undefined"
                                    : result.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                            + "' get returned.\"";
                } catch (NodeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                    ctx.log("tool " + spec.name() + " failed: " + e.getMessage());
                    return "There was an error: \"" + e.getMessage() + "\"";
                }
            }
        };
    }

    static JsonNode schema(NodeParameters ctx, int item) {
        boolean example = "fromJson".equals(ctx.param("schemaType", item, String.class, "fromJson"));
        String param = example ? "jsonSchemaExample" : "inputSchema";
        JsonNode raw = ctx.paramTree(param, item);
        try {
            JsonNode tree = raw == null ? null : raw.isTextual() ? Json.reader().readTree(raw.asText()) : raw;
            if (tree == null || !tree.isObject()) {
                throw NodeException.user(
                        "'" + ctx.node().name() + "': parameter '" + param + "' must be a JSON object", item);
            }
            return example ? JsonSchemas.fromExample(tree) : tree;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw NodeException.user("'" + ctx.node().name() + "': parameter '" + param + "' is not valid JSON", item);
        }
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.CODE);
    }
}
