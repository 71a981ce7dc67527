package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Request Tool (n8n {@code toolHttpRequest} 1.1): the agent fills the {@code {placeholders}}
 * of the URL and JSON body, and the query/header/body parameters whose value the model provides;
 * the response is the tool's answer as {@link ResponseOptimizer} makes it (at most
 * {@link HttpToolCall#MAX_ANSWER} characters).
 * Authentication: none, or a generic credential (basic, header, bearer, query). Every target is
 * checked against the host's network policy; redirects are not followed.
 */
public final class HttpToolNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = withOptimizer(NodeDescriptor.builder("hetumind.toolHttpRequest")
            .versions(1, 1.1)
            .displayName("HTTP Request Tool")
            .description("Makes an HTTP request for an AI agent and returns the response")
            .group(NodeGroup.AI)
            .icon("globe")
            .alias(AiParams.N8N + "toolHttpRequest")
            .subNode(ConnectionTypes.AI_TOOL)
            .credential(new CredentialSlot("httpBasicAuth", true).showWhen("genericAuthType", "httpBasicAuth"))
            .credential(new CredentialSlot("httpHeaderAuth", true).showWhen("genericAuthType", "httpHeaderAuth"))
            .credential(new CredentialSlot("httpBearerAuth", true).showWhen("genericAuthType", "httpBearerAuth"))
            .credential(new CredentialSlot("httpQueryAuth", true).showWhen("genericAuthType", "httpQueryAuth"))
            .property(PropertySpec.string("toolDescription")
                    .displayName("Description")
                    .defaultValue("")
                    .required()
                    .rows(2)
                    .description("What the tool does, for the model"))
            .property(PropertySpec.options("method")
                    .displayName("Method")
                    .defaultValue("GET")
                    .option("DELETE", "DELETE")
                    .option("GET", "GET")
                    .option("PATCH", "PATCH")
                    .option("POST", "POST")
                    .option("PUT", "PUT"))
            .property(PropertySpec.string("url")
                    .displayName("URL")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. http://www.example.com/{path}"))
            .property(PropertySpec.options("authentication")
                    .displayName("Authentication")
                    .defaultValue("none")
                    .option("none", "None")
                    .option(
                            "predefinedCredentialType",
                            "Predefined Credential Type",
                            "A service's own credential signs the request (an API key, as its nodes use it)")
                    .option("genericCredentialType", "Generic Credential Type")
                    .noExpression())
            .property(PropertySpec.string("nodeCredentialType")
                    .displayName("Credential Type")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. openAiApi")
                    .description("The credential type that signs the request (openAiApi, anthropicApi, cohereApi,"
                            + " googlePalmApi, ollamaApi)")
                    .showWhen("authentication", "predefinedCredentialType"))
            .property(PropertySpec.options("genericAuthType")
                    .displayName("Generic Auth Type")
                    .defaultValue("httpHeaderAuth")
                    .option("httpBasicAuth", "Basic Auth")
                    .option("httpBearerAuth", "Bearer Auth")
                    .option("httpHeaderAuth", "Header Auth")
                    .option("httpQueryAuth", "Query Auth")
                    .required()
                    .showWhen("authentication", "genericCredentialType"))
            .property(PropertySpec.bool("sendQuery")
                    .displayName("Send Query Parameters")
                    .defaultValue(false)
                    .noExpression())
            .property(keyPairs("parametersQuery", "Query Parameters").showWhen("sendQuery", true))
            .property(PropertySpec.bool("sendHeaders")
                    .displayName("Send Headers")
                    .defaultValue(false)
                    .noExpression())
            .property(keyPairs("parametersHeaders", "Header Parameters").showWhen("sendHeaders", true))
            .property(PropertySpec.bool("sendBody")
                    .displayName("Send Body")
                    .defaultValue(false)
                    .noExpression())
            .property(PropertySpec.options("specifyBody")
                    .displayName("Specify Body")
                    .defaultValue("keypair")
                    .option("keypair", "Using Fields Below")
                    .option("json", "Using JSON Below")
                    .showWhen("sendBody", true))
            .property(keyPairs("parametersBody", "Body Parameters")
                    .showWhen("sendBody", true)
                    .showWhen("specifyBody", "keypair"))
            .property(PropertySpec.json("jsonBody")
                    .displayName("JSON")
                    .defaultValue("")
                    .description("May hold {placeholders} the model fills")
                    .showWhen("sendBody", true)
                    .showWhen("specifyBody", "json"))
            .property(PropertySpec.fixedCollection("placeholderDefinitions")
                    .displayName("Placeholder Definitions")
                    .defaultValue(Json.object())
                    .child(PropertySpec.collection("values")
                            .displayName("Values")
                            .multipleValues()
                            .child(PropertySpec.string("name")
                                    .displayName("Placeholder Name")
                                    .defaultValue("")
                                    .required())
                            .child(PropertySpec.string("description")
                                    .displayName("Description")
                                    .defaultValue(""))
                            .child(PropertySpec.options("type")
                                    .displayName("Type")
                                    .defaultValue("not specified")
                                    .option("not specified", "Not Specified (Default)")
                                    .option("string", "String")
                                    .option("number", "Number")
                                    .option("boolean", "Boolean")
                                    .option("json", "JSON")))));

    /** n8n's "Optimize Response" form, last as in n8n. */
    private static NodeDescriptor withOptimizer(NodeDescriptor.Builder b) {
        ResponseOptimizer.properties().forEach(b::property);
        return b.build();
    }

    private static PropertySpec.Builder keyPairs(String name, String displayName) {
        return PropertySpec.fixedCollection(name)
                .displayName(displayName)
                .defaultValue(Json.object())
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .multipleValues()
                        .child(PropertySpec.string("name")
                                .displayName("Name")
                                .defaultValue("")
                                .required())
                        .child(PropertySpec.options("valueProvider")
                                .displayName("Value Provided")
                                .defaultValue("modelRequired")
                                .option("modelRequired", "By Model (and is required)")
                                .option("modelOptional", "By Model (but is optional)")
                                .option("fieldValue", "Using Field Below"))
                        .child(PropertySpec.string("value")
                                .displayName("Value")
                                .defaultValue("")
                                .showWhen("valueProvider", "fieldValue")));
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        String description = ctx.param("toolDescription", item, String.class, "");
        if (description == null || description.isBlank()) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': the tool needs a description the model can read", item);
        }
        String url = ctx.param("url", item, String.class, "");
        if (url == null || url.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': the URL is empty", item);
        }
        HttpToolCall.Spec spec = new HttpToolCall.Spec(
                ctx.param("method", item, String.class, "GET"),
                url,
                ctx.param("sendQuery", item, Boolean.class, false)
                        ? pairs(ctx, "parametersQuery.values", item)
                        : List.of(),
                ctx.param("sendHeaders", item, Boolean.class, false)
                        ? pairs(ctx, "parametersHeaders.values", item)
                        : List.of(),
                ctx.param("sendBody", item, Boolean.class, false)
                                && "keypair".equals(ctx.param("specifyBody", item, String.class, "keypair"))
                        ? pairs(ctx, "parametersBody.values", item)
                        : List.of(),
                ctx.param("sendBody", item, Boolean.class, false)
                                && "json".equals(ctx.param("specifyBody", item, String.class, "keypair"))
                        ? jsonBody(ctx, item)
                        : null,
                definitions(ctx, item),
                auth(ctx, item));
        String name = AgentTool.toolName(ctx.node().name());
        if (ctx.node().typeVersion() < 1.1) {
            return new SingleInput(
                    ToolSchemas.singleInput(name, v1Description(description, spec.schema())),
                    new HttpToolCall(null, spec, ctx, AiParams.policy(ctx), ResponseOptimizer.read(ctx, item)),
                    spec.schema());
        }
        ToolSpecification tool = ToolSchemas.fromSchema(name, description, spec.schema());
        return new HttpToolCall(tool, spec, ctx, AiParams.policy(ctx), ResponseOptimizer.read(ctx, item));
    }

    /**
     * Version 1's description (n8n's {@code prepareToolDescription}): the node's text plus, when the model provides
     * values, what the one text input must hold: a JSON object of them, each named with its description, type and
     * whether it is required.
     */
    static String v1Description(String description, JsonNode schema) {
        JsonNode props = schema.path("properties");
        if (props.isEmpty()) {
            return description;
        }
        java.util.Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<String> lines = new ArrayList<>();
        props.properties()
                .forEach(e -> lines.add(e.getKey() + ": (description: "
                        + e.getValue().path("description").asText("") + ", type: "
                        + e.getValue().path("type").asText("string") + ", required: " + required.contains(e.getKey())
                        + ")"));
        return description + "\n\tTool expects valid stringified JSON object with " + props.size() + " properties.\n"
                + "\tProperty names with description, type and required status:\n\t" + String.join(",\n ", lines)
                + "\n\tALL parameters marked as required must be provided";
    }

    /**
     * Version 1: one text input (LangChain's {@code DynamicTool}) that must hold the values as a JSON object; text
     * that is not JSON is the value itself when there is exactly one, else an error the model is told.
     */
    record SingleInput(ToolSpecification specification, HttpToolCall call, JsonNode schema) implements AgentTool {
        @Override
        public String execute(String argumentsJson, int itemIndex) {
            int count = schema.path("properties").size();
            if (count == 0) {
                return call.execute("{}", itemIndex);
            }
            JsonNode args;
            try {
                args = Json.reader().readTree(argumentsJson);
            } catch (Exception e) {
                return "There was an error: \"the tool arguments are not JSON\"";
            }
            JsonNode input = args.path("input");
            if (!input.isTextual()) {
                return call.execute(input.isObject() ? input.toString() : argumentsJson, itemIndex);
            }
            try {
                JsonNode values = Json.reader().readTree(input.textValue());
                if (values != null && values.isObject()) {
                    return call.execute(values.toString(), itemIndex);
                }
                throw new IllegalArgumentException("not a JSON object");
            } catch (Exception e) {
                if (count == 1) {
                    String only = schema.path("properties").fieldNames().next();
                    return call.execute(
                            Json.object().put(only, input.textValue()).toString(), itemIndex);
                }
                return "There was an error: \"Input is not a valid JSON: " + e.getMessage() + "\"";
            }
        }
    }

    private static String jsonBody(NodeParameters ctx, int item) {
        JsonNode body = ctx.paramTree("jsonBody", item);
        return body == null || body.isNull() ? "" : body.isTextual() ? body.asText() : body.toString();
    }

    private static List<HttpToolCall.Pair> pairs(NodeParameters ctx, String path, int item) {
        JsonNode values = ctx.paramTree(path, item);
        List<HttpToolCall.Pair> out = new ArrayList<>();
        if (values != null && values.isArray()) {
            for (JsonNode v : values) {
                String name = v.path("name").asText("");
                if (name.isBlank()) {
                    throw NodeException.user(
                            "'" + ctx.node().name() + "': parameter '" + path + "' has an entry without a name", item);
                }
                String provider = v.path("valueProvider").asText("modelRequired");
                if (!List.of("modelRequired", "modelOptional", "fieldValue").contains(provider)) {
                    throw NodeException.user(
                            "'" + ctx.node().name() + "': unknown value provider '" + provider + "'", item);
                }
                out.add(new HttpToolCall.Pair(name, provider, v.path("value").asText("")));
            }
        }
        return out;
    }

    private static Map<String, JsonNode> definitions(NodeParameters ctx, int item) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode values = ctx.paramTree("placeholderDefinitions.values", item);
        if (values != null && values.isArray()) {
            for (JsonNode v : values) {
                ObjectNode schema = Json.object();
                String type = v.path("type").asText("not specified");
                schema.put(
                        "type",
                        switch (type) {
                            case "number", "boolean" -> type;
                            case "json" -> "object";
                            default -> "string";
                        });
                if (!v.path("description").asText("").isBlank()) {
                    schema.put("description", v.get("description").asText());
                }
                out.put(v.path("name").asText(""), schema);
            }
        }
        return out;
    }

    private static Map<String, String> auth(NodeContext ctx, int item) {
        String mode = ctx.param("authentication", item, String.class, "none");
        if ("predefinedCredentialType".equals(mode)) {
            return signed(ctx, item, ctx.param("nodeCredentialType", item, String.class, ""));
        }
        if (!"genericCredentialType".equals(mode)) {
            return Map.of();
        }
        String type = ctx.param("genericAuthType", item, String.class, "httpHeaderAuth");
        ObjectNode c = AiParams.credential(ctx, type);
        return switch (type) {
            case "httpBasicAuth" ->
                Map.of(
                        "header:Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((c.path("user").asText() + ":"
                                                        + c.path("password").asText())
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            case "httpBearerAuth" ->
                Map.of("header:Authorization", "Bearer " + c.path("token").asText());
            case "httpHeaderAuth" ->
                Map.of("header:" + c.path("name").asText(), c.path("value").asText());
            case "httpQueryAuth" ->
                Map.of("query:" + c.path("name").asText(), c.path("value").asText());
            default ->
                throw NodeException.user("'" + ctx.node().name() + "': unknown generic auth type '" + type + "'", item);
        };
    }

    /** A Predefined Credential Type's headers and query parameters, as its {@code authenticate} adds them. */
    private static Map<String, String> signed(NodeContext ctx, int item, String type) {
        io.hetumind.core.spi.CredentialType signer = io.hetumind.nodes.http.SigningCredentials.find(type)
                .orElseThrow(() -> NodeException.user(
                        "'" + ctx.node().name() + "': cannot sign a request with credentials of type '" + type
                                + "' (it can with "
                                + String.join(", ", io.hetumind.nodes.http.SigningCredentials.names())
                                + ")",
                        item));
        ObjectNode c = AiParams.credential(ctx, type);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        signer.httpSigning()
                .orElseThrow()
                .sign(
                        c,
                        (name, value) -> out.put("header:" + name, value),
                        (name, value) -> out.put("query:" + name, value));
        return out;
    }
}
