package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Google's Gemini API ({@code POST /v1beta/models/…:generateContent}, key in {@code x-goog-api-key}; streamed with
 * {@code :streamGenerateContent?alt=sse} by {@link #streaming()}): system messages
 * become {@code systemInstruction}, tool calls are {@code functionCall} parts of the model's turn and their results
 * {@code functionResponse} parts of the next user turn; tool parameters are sent in Gemini's OpenAPI schema subset.
 */
final class GeminiChat extends WireChatModel {

    private final String url;
    private final String streamUrl;
    private final String apiKey;
    private final ObjectNode generationConfig;
    private final ArrayNode safetySettings;

    GeminiChat(
            HttpClient http,
            String host,
            String apiKey,
            String model,
            ObjectNode generationConfig,
            ArrayNode safetySettings) {
        super(http);
        String path = model.startsWith("models/") || model.startsWith("tunedModels/") ? model : "models/" + model;
        this.url = host + "/v1beta/" + path + ":generateContent";
        this.streamUrl = host + "/v1beta/" + path + ":streamGenerateContent?alt=sse";
        this.apiKey = apiKey;
        this.generationConfig = generationConfig;
        this.safetySettings = safetySettings;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return response(post(url, Map.of("x-goog-api-key", apiKey), body(request)));
    }

    /**
     * The same calls streamed ({@code streamGenerateContent?alt=sse}): each event is a partial answer whose text parts
     * are handed out as they come; function calls come whole in their event; the finish reason and the final token
     * counts are on the last one. The parts are put together and read as one plain answer.
     */
    dev.langchain4j.model.chat.StreamingChatModel streaming() {
        return new dev.langchain4j.model.chat.StreamingChatModel() {
            @Override
            public void doChat(
                    ChatRequest request, dev.langchain4j.model.chat.response.StreamingChatResponseHandler handler) {
                GeminiStream stream = new GeminiStream(handler::onPartialResponse);
                postEvents(streamUrl, Map.of("x-goog-api-key", apiKey), body(request), stream::accept, error -> {
                    if (error != null) {
                        handler.onError(error);
                        return;
                    }
                    try {
                        handler.onCompleteResponse(response(stream.whole()));
                    } catch (RuntimeException e) {
                        handler.onError(e);
                    }
                });
            }
        };
    }

    private ObjectNode body(ChatRequest request) {
        ObjectNode body = Json.object();
        ArrayNode contents = body.putArray("contents");
        StringBuilder system = new StringBuilder();
        ObjectNode last = null;
        for (ChatMessage m : request.messages()) {
            switch (m) {
                case SystemMessage s -> {
                    if (!system.isEmpty()) {
                        system.append("\n\n");
                    }
                    system.append(s.text());
                }
                case UserMessage u -> {
                    last = turn(contents, last, "user");
                    ArrayNode parts = (ArrayNode) last.get("parts");
                    for (Content c : contents(u, "the Gemini")) {
                        switch (c) {
                            case TextContent t -> parts.addObject().put("text", t.text());
                            case ImageContent i ->
                                parts.addObject()
                                        .putObject("inline_data")
                                        .put("mime_type", i.image().mimeType())
                                        .put("data", i.image().base64Data());
                            default -> throw new IllegalStateException("checked by contents(…)");
                        }
                    }
                }
                case AiMessage a -> {
                    last = turn(contents, null, "model");
                    ArrayNode parts = (ArrayNode) last.get("parts");
                    if (a.text() != null && !a.text().isEmpty()) {
                        parts.addObject().put("text", a.text());
                    }
                    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                        ObjectNode call = parts.addObject().putObject("functionCall");
                        call.put("name", r.name());
                        call.set("args", arguments(r.arguments()));
                    }
                }
                case ToolExecutionResultMessage t -> {
                    // every result of one model turn goes into one user turn, as Gemini requires
                    last = turn(contents, last, "user");
                    ObjectNode response = ((ArrayNode) last.get("parts"))
                            .addObject()
                            .putObject("functionResponse")
                            .put("name", t.toolName())
                            .putObject("response");
                    response.put("name", t.toolName()).put("content", t.text());
                }
                default -> throw new IllegalArgumentException("Gemini takes no " + m.type() + " message");
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system.toString());
        }
        List<ToolSpecification> tools = request.toolSpecifications();
        if (tools != null && !tools.isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolSpecification spec : tools) {
                ObjectNode f = declarations.addObject().put("name", spec.name());
                if (spec.description() != null) {
                    f.put("description", spec.description());
                }
                ObjectNode schema = schema(parameters(spec));
                if (schema.path("properties").size() > 0) { // Gemini refuses an OBJECT without properties
                    f.set("parameters", schema);
                }
            }
        }
        ObjectNode config = generationConfig.deepCopy();
        if (request.responseFormat() != null && request.responseFormat().type() == ResponseFormatType.JSON) {
            config.put("responseMimeType", "application/json");
        }
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        if (!safetySettings.isEmpty()) {
            body.set("safetySettings", safetySettings.deepCopy());
        }
        return body;
    }

    /** The last content when it has {@code role} (merging consecutive parts), else a new one. */
    private static ObjectNode turn(ArrayNode contents, ObjectNode last, String role) {
        if (last != null && role.equals(last.path("role").asText())) {
            return last;
        }
        ObjectNode c = contents.addObject().put("role", role);
        c.putArray("parts");
        return c;
    }

    private static final Set<String> KEPT = Set.of(
            "type",
            "format",
            "description",
            "nullable",
            "enum",
            "properties",
            "required",
            "items",
            "minItems",
            "maxItems",
            "minimum",
            "maximum",
            "anyOf");

    /** JSON Schema → Gemini's schema: upper-case types, {@code ["x","null"]} as nullable, unknown keywords dropped. */
    static ObjectNode schema(JsonNode s) {
        ObjectNode out = Json.object();
        if (s == null || !s.isObject()) {
            return out.put("type", "STRING");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (!KEPT.contains(k)) {
                continue;
            }
            switch (k) {
                case "type" -> {
                    if (v.isArray()) {
                        for (JsonNode t : v) {
                            if ("null".equals(t.asText())) {
                                out.put("nullable", true);
                            } else {
                                out.put("type", t.asText().toUpperCase(Locale.ROOT));
                            }
                        }
                    } else {
                        out.put("type", v.asText().toUpperCase(Locale.ROOT));
                    }
                }
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    v.fields().forEachRemaining(p -> props.set(p.getKey(), schema(p.getValue())));
                }
                case "items" -> out.set("items", schema(v));
                case "anyOf" -> {
                    ArrayNode any = out.putArray("anyOf");
                    v.forEach(x -> any.add(schema(x)));
                }
                default -> out.set(k, v.deepCopy());
            }
        }
        if (!out.has("type") && !out.has("anyOf")) {
            out.put("type", out.has("properties") ? "OBJECT" : "STRING");
        }
        return out;
    }

    /** A refusal is the user's to fix (prompt, safety settings); wrapped so the call is recorded and named. */
    static RuntimeException refused(String message) {
        return new IllegalStateException(message, NodeException.user(message));
    }

    static ChatResponse response(JsonNode answer) {
        JsonNode candidates = answer.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            String blocked = answer.at("/promptFeedback/blockReason").asText("");
            if (!blocked.isEmpty()) {
                throw refused("Gemini blocked the prompt (" + blocked + ")");
            }
            throw new IllegalStateException("the answer holds no candidate");
        }
        JsonNode c = candidates.get(0);
        String reason = c.path("finishReason").asText("STOP");
        StringBuilder text = new StringBuilder();
        List<ToolExecutionRequest> calls = new ArrayList<>();
        JsonNode parts = c.at("/content/parts");
        for (JsonNode p : parts) {
            if (p.path("thought").asBoolean(false)) {
                continue; // a thinking model's reasoning summary is not the answer
            }
            if (p.has("text")) {
                text.append(p.get("text").asText());
            } else if (p.has("functionCall")) {
                JsonNode f = p.get("functionCall");
                if (!f.hasNonNull("name")) {
                    throw new IllegalStateException("a functionCall has no name");
                }
                JsonNode args = f.path("args");
                calls.add(ToolExecutionRequest.builder()
                        .id(f.hasNonNull("id") ? f.get("id").asText() : "call_" + calls.size())
                        .name(f.get("name").asText())
                        .arguments(args.isObject() ? args.toString() : "{}")
                        .build());
            }
        }
        if (text.isEmpty() && calls.isEmpty() && !reason.equals("STOP")) {
            throw refused("Gemini stopped without an answer (finishReason " + reason + ")");
        }
        AiMessage ai = calls.isEmpty()
                ? AiMessage.from(text.toString())
                : AiMessage.builder()
                        .text(text.isEmpty() ? null : text.toString())
                        .toolExecutionRequests(calls)
                        .build();
        FinishReason finish = !calls.isEmpty()
                ? FinishReason.TOOL_EXECUTION
                : switch (reason) {
                    case "STOP" -> FinishReason.STOP;
                    case "MAX_TOKENS" -> FinishReason.LENGTH;
                    case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII" ->
                        FinishReason.CONTENT_FILTER;
                    default -> FinishReason.OTHER;
                };
        var b = ChatResponse.builder()
                .aiMessage(ai)
                .modelName(answer.path("modelVersion").asText(null))
                .finishReason(finish);
        JsonNode usage = answer.path("usageMetadata");
        if (usage.isObject()) {
            b.tokenUsage(new TokenUsage(
                    usage.path("promptTokenCount").asInt(0),
                    usage.path("candidatesTokenCount").asInt(0),
                    usage.path("totalTokenCount").asInt(0)));
        }
        return b.build();
    }
}
