package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.openai.OpenAiResponsesChatModel;
import dev.langchain4j.model.openai.OpenAiResponsesStreamingChatModel;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.tool.ToolSchemas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Chat Model 1.3 with {@code responsesApiEnabled} (n8n's default): LangChain's {@code ChatOpenAI} with
 * {@code useResponsesApi}, here LangChain4j's {@code OpenAiResponsesChatModel} ({@code POST {base}/responses}, SSE when
 * streamed). The options n8n sends in that mode ({@code prepareAdditionalResponsesParams}) and its built-in tools
 * ({@code formatBuiltInTools}) map to the request; those LangChain4j cannot send (a conversation, metadata, a stored
 * prompt) are refused by {@link #unsupported(Node)} before any run.
 */
final class OpenAiResponses {

    private OpenAiResponses() {}

    /** The version-1.3 parameters of Responses mode: built-in tools and the options only it has. */
    static PropertySpec builtInTools() {
        return PropertySpec.collection("builtInTools")
                .displayName("Built-in Tools")
                .defaultValue(Json.object())
                .child(PropertySpec.collection("webSearch")
                        .displayName("Web Search")
                        .defaultValue(Json.object().put("searchContextSize", "medium"))
                        .child(PropertySpec.options("searchContextSize")
                                .displayName("Search Context Size")
                                .defaultValue("medium")
                                .option("low", "Low")
                                .option("medium", "Medium")
                                .option("high", "High"))
                        .child(PropertySpec.string("allowedDomains")
                                .displayName("Web Search Allowed Domains")
                                .defaultValue("")
                                .description("Comma-separated domains"))
                        .child(PropertySpec.string("country")
                                .displayName("Country")
                                .defaultValue(""))
                        .child(PropertySpec.string("city").displayName("City").defaultValue(""))
                        .child(PropertySpec.string("region")
                                .displayName("Region")
                                .defaultValue("")))
                .child(PropertySpec.collection("fileSearch")
                        .displayName("File Search")
                        .defaultValue(Json.object().put("vectorStoreIds", "[]"))
                        .child(PropertySpec.json("vectorStoreIds")
                                .displayName("Vector Store IDs")
                                .defaultValue("[]"))
                        .child(PropertySpec.json("filters")
                                .displayName("Filters")
                                .defaultValue("{}"))
                        .child(PropertySpec.number("maxResults")
                                .displayName("Max Results")
                                .defaultValue(1)))
                .child(PropertySpec.bool("codeInterpreter")
                        .displayName("Code Interpreter")
                        .defaultValue(true))
                .showWhen(PropertySpec.VERSION, 1.3)
                .showWhen("responsesApiEnabled", true)
                .build();
    }

    /** The options children of version 1.3 in Responses mode (n8n shows them for {@code /responsesApiEnabled}). */
    static List<PropertySpec.Builder> options() {
        return List.of(
                PropertySpec.fixedCollection("textFormat")
                        .displayName("Response Format")
                        .defaultValue(Json.object())
                        .child(PropertySpec.collection("textOptions")
                                .displayName("Text")
                                .child(PropertySpec.options("type")
                                        .displayName("Type")
                                        .defaultValue("")
                                        .option("", "")
                                        .option("text", "Text")
                                        .option("json_schema", "JSON Schema (recommended)")
                                        .option("json_object", "JSON Object"))
                                .child(PropertySpec.options("verbosity")
                                        .displayName("Verbosity")
                                        .defaultValue("medium")
                                        .option("low", "Low")
                                        .option("medium", "Medium")
                                        .option("high", "High"))
                                .child(PropertySpec.string("name")
                                        .displayName("Name")
                                        .defaultValue("my_schema")
                                        .showWhen("type", "json_schema"))
                                .child(PropertySpec.json("schema")
                                        .displayName("Schema")
                                        .defaultValue("")
                                        .showWhen("type", "json_schema"))
                                .child(PropertySpec.string("description")
                                        .displayName("Description")
                                        .defaultValue("")
                                        .showWhen("type", "json_schema"))
                                .child(PropertySpec.bool("strict")
                                        .displayName("Strict")
                                        .defaultValue(false)
                                        .showWhen("type", "json_schema")))
                        .showWhen(PropertySpec.VERSION, 1.3),
                PropertySpec.string("conversationId")
                        .displayName("Conversation ID")
                        .defaultValue("")
                        .showWhen(PropertySpec.VERSION, 1.3),
                PropertySpec.string("promptCacheKey")
                        .displayName("Prompt Cache Key")
                        .defaultValue("")
                        .showWhen(PropertySpec.VERSION, 1.3),
                PropertySpec.string("safetyIdentifier")
                        .displayName("Safety Identifier")
                        .defaultValue("")
                        .showWhen(PropertySpec.VERSION, 1.3),
                PropertySpec.options("serviceTier")
                        .displayName("Service Tier")
                        .defaultValue("auto")
                        .option("auto", "Auto")
                        .option("flex", "Flex")
                        .option("default", "Default")
                        .option("priority", "Priority")
                        .showWhen(PropertySpec.VERSION, 1.3),
                PropertySpec.json("metadata")
                        .displayName("Metadata")
                        .defaultValue("{}")
                        .showWhen(PropertySpec.VERSION, 1.3),
                PropertySpec.number("topLogprobs")
                        .displayName("Top Logprobs")
                        .defaultValue(0)
                        .showWhen(PropertySpec.VERSION, 1.3),
                PropertySpec.fixedCollection("promptConfig")
                        .displayName("Prompt")
                        .defaultValue(Json.object())
                        .child(PropertySpec.collection("promptOptions")
                                .displayName("Prompt")
                                .child(PropertySpec.string("promptId")
                                        .displayName("Prompt ID")
                                        .defaultValue(""))
                                .child(PropertySpec.string("version")
                                        .displayName("Version")
                                        .defaultValue(""))
                                .child(PropertySpec.json("variables")
                                        .displayName("Variables")
                                        .defaultValue("{}")))
                        .showWhen(PropertySpec.VERSION, 1.3));
    }

    /** Whether node {@code node} (raw parameters) calls the Responses API: 1.3 with the switch on (its default). */
    static boolean enabled(Node node) {
        if (node.typeVersion() < 1.3) {
            return false;
        }
        JsonNode v = node.parameters() == null ? null : node.parameters().get("responsesApiEnabled");
        return v == null || v.isNull() || !v.isBoolean() || v.booleanValue();
    }

    /** Options of Responses mode this build cannot send, each a problem naming the option. */
    static List<String> unsupported(Node node) {
        if (!enabled(node)) {
            return List.of();
        }
        JsonNode options = node.parameters() == null ? null : node.parameters().get("options");
        if (options == null || !options.isObject()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!options.path("conversationId").asText("").isEmpty()) {
            out.add(notSent("Conversation ID (options.conversationId)"));
        }
        JsonNode metadata = options.get("metadata");
        if (metadata != null && !metadata.isNull() && !isEmptyObject(metadata)) {
            out.add(notSent("Metadata (options.metadata)"));
        }
        JsonNode prompt = options.path("promptConfig").path("promptOptions");
        if (prompt.isArray()) {
            prompt = prompt.path(0);
        }
        if (!prompt.path("promptId").asText("").isEmpty()) {
            out.add(notSent("Prompt (options.promptConfig, a stored prompt)"));
        }
        return out;
    }

    private static String notSent(String what) {
        return "OpenAI Chat Model 1.3 with the Responses API: " + what + " is not supported by Hetumind yet;"
                + " remove it, or turn 'Use Responses API' off";
    }

    private static boolean isEmptyObject(JsonNode v) {
        if (v.isObject()) {
            return v.isEmpty();
        }
        String text = v.asText("").trim();
        return text.isEmpty() || text.replaceAll("\\s", "").equals("{}");
    }

    /** The model pair of Responses mode, with the options as n8n 1.3 sends them. */
    static LanguageModel build(NodeContext ctx, int item, String base, String apiKey, String org, String modelName) {
        Duration timeout = AiParams.millis(ctx, "options.timeout", item, 60_000);
        int retries = AiParams.intIn(ctx, "options.maxRetries", item, 2, 0, 10);
        var b = OpenAiResponsesChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder(
                        timeout, retries, ModelOptions.MAX_RETRY_WAIT, AiParams.policy(ctx), ctx::canceled))
                .baseUrl(AiParams.baseUrl(base))
                .apiKey(apiKey)
                .modelName(modelName);
        var alive = new java.util.concurrent.atomic.AtomicLong();
        var s = OpenAiResponsesStreamingChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder(
                        timeout,
                        retries,
                        ModelOptions.MAX_RETRY_WAIT,
                        AiParams.policy(ctx),
                        ctx::canceled,
                        () -> alive.set(System.nanoTime())))
                .baseUrl(AiParams.baseUrl(base))
                .apiKey(apiKey)
                .modelName(modelName);
        if (!org.isBlank()) {
            b.organizationId(org);
            s.organizationId(org);
        }
        Double temperature = AiParams.set(ctx, "options.temperature", item);
        if (temperature != null) {
            double t = ModelOptions.range("options.temperature", temperature, 0, 2, item);
            b.temperature(t);
            s.temperature(t);
        }
        Double topP = AiParams.set(ctx, "options.topP", item);
        if (topP != null) {
            double p = ModelOptions.range("options.topP", topP, 0, 1, item);
            b.topP(p);
            s.topP(p);
        }
        int maxTokens = AiParams.intIn(ctx, "options.maxTokens", item, -1, -1, 1_000_000);
        if (maxTokens > 0) {
            b.maxOutputTokens(maxTokens);
            s.maxOutputTokens(maxTokens);
        }
        String cacheKey = ctx.param("options.promptCacheKey", item, String.class, "");
        if (!cacheKey.isEmpty()) {
            b.promptCacheKey(cacheKey);
            s.promptCacheKey(cacheKey);
        }
        String safety = ctx.param("options.safetyIdentifier", item, String.class, "");
        if (!safety.isEmpty()) {
            b.safetyIdentifier(safety);
            s.safetyIdentifier(safety);
        }
        if (ctx.rawParam("options.serviceTier") != null) {
            String tier = ctx.param("options.serviceTier", item, String.class, "auto");
            b.serviceTier(tier);
            s.serviceTier(tier);
        }
        if (ctx.rawParam("options.topLogprobs") != null) {
            int top = AiParams.intIn(ctx, "options.topLogprobs", item, 0, 0, 20);
            b.topLogprobs(top);
            s.topLogprobs(top);
        }
        if (ctx.rawParam("options.reasoningEffort") != null) {
            String effort = ctx.param("options.reasoningEffort", item, String.class, "medium");
            b.reasoningEffort(effort);
            s.reasoningEffort(effort);
        }
        JsonNode text = ctx.paramTree("options.textFormat.textOptions", item);
        if (text != null && text.isArray() && !text.isEmpty()) {
            text = text.get(0);
        }
        if (text != null && text.isObject()) {
            String verbosity = text.path("verbosity").asText("");
            if (!verbosity.isEmpty()) {
                b.textVerbosity(verbosity);
                s.textVerbosity(verbosity);
            }
            ResponseFormat format = format(text, item);
            if (format != null) {
                b.responseFormat(format);
                s.responseFormat(format);
                if (text.path("strict").asBoolean(false)) {
                    b.strictJsonSchema(true);
                    s.strictJsonSchema(true);
                }
            }
        }
        List<Map<String, Object>> tools = builtInTools(ctx, item);
        if (!tools.isEmpty()) {
            b.serverTools(tools);
            s.serverTools(tools);
        }
        return new LanguageModel(b.build(), s.build(), timeout, alive, ctx, "OpenAI", modelName);
    }

    /** n8n's {@code textFormat.textOptions}: text, JSON object, or a named JSON schema. */
    private static ResponseFormat format(JsonNode text, int item) {
        String type = text.path("type").asText("text");
        return switch (type) {
            case "", "text" -> null;
            case "json_object" -> ResponseFormat.JSON;
            case "json_schema" -> {
                JsonNode schema = readJson(text.get("schema"), "options.textFormat.textOptions.schema", item);
                if (!schema.isObject() || !(ToolSchemas.element(schema) instanceof JsonObjectSchema root)) {
                    throw NodeException.user(
                            "parameter 'options.textFormat.textOptions.schema': must be a JSON Schema of an object",
                            item);
                }
                yield ResponseFormat.builder()
                        .type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name(text.path("name").asText("my_schema"))
                                .rootElement(root)
                                .build())
                        .build();
            }
            default ->
                throw NodeException.user(
                        "parameter 'options.textFormat.textOptions.type': must be text, json_object or json_schema,"
                                + " got '" + type + "'",
                        item);
        };
    }

    /** n8n's {@code formatBuiltInTools}: web search, code interpreter, file search, as the Responses API takes them. */
    static List<Map<String, Object>> builtInTools(NodeContext ctx, int item) {
        List<Map<String, Object>> tools = new ArrayList<>();
        JsonNode all = ctx.paramTree("builtInTools", item);
        if (all == null || !all.isObject()) {
            return tools;
        }
        JsonNode web = all.get("webSearch");
        if (web != null && web.isObject()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("type", "web_search");
            t.put("search_context_size", web.path("searchContextSize").asText("medium"));
            String country = web.path("country").asText("");
            String city = web.path("city").asText("");
            String region = web.path("region").asText("");
            if (!country.isEmpty() || !city.isEmpty() || !region.isEmpty()) {
                Map<String, Object> where = new LinkedHashMap<>();
                where.put("type", "approximate");
                putIfSet(where, "country", country);
                putIfSet(where, "city", city);
                putIfSet(where, "region", region);
                t.put("user_location", where);
            }
            List<String> domains = new ArrayList<>();
            for (String d : web.path("allowedDomains").asText("").split(",")) {
                if (!d.trim().isEmpty()) {
                    domains.add(d.trim());
                }
            }
            if (!domains.isEmpty()) {
                t.put("filters", Map.of("allowed_domains", domains));
            }
            tools.add(t);
        }
        if (all.path("codeInterpreter").asBoolean(false)) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("type", "code_interpreter");
            t.put("container", Map.of("type", "auto"));
            tools.add(t);
        }
        JsonNode files = all.get("fileSearch");
        if (files != null && files.isObject()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("type", "file_search");
            t.put(
                    "vector_store_ids",
                    Json.convert(
                            readJson(files.path("vectorStoreIds"), "builtInTools.fileSearch.vectorStoreIds", item),
                            List.class));
            JsonNode filters = files.get("filters");
            if (filters != null && !filters.asText("x").isEmpty()) {
                JsonNode f = readJson(filters, "builtInTools.fileSearch.filters", item);
                if (!f.isEmpty()) {
                    t.put("filters", Json.convert(f, Map.class));
                }
            }
            if (files.has("maxResults")) {
                t.put("max_num_results", files.get("maxResults").asInt());
            }
            tools.add(t);
        }
        return tools;
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static JsonNode readJson(JsonNode v, String path, int item) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            throw NodeException.user("parameter '" + path + "' is empty", item);
        }
        if (!v.isTextual()) {
            return v;
        }
        try {
            return Json.reader().readTree(v.textValue());
        } catch (Exception e) {
            throw NodeException.user("parameter '" + path + "' is not valid JSON: " + e.getMessage(), item);
        }
    }
}
