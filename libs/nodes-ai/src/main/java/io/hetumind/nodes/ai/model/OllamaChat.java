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
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ollama's native chat API ({@code POST /api/chat}, {@code stream: false}; streamed with {@code stream: true} as
 * newline-delimited JSON by {@link #streaming()}): messages with {@code tool_calls} (arguments
 * as objects) and {@code tool} results, {@code tools} as JSON-Schema functions, sampling in {@code options}.
 */
final class OllamaChat extends WireChatModel {

    private final String url;
    private final String apiKey;
    private final String model;
    private final ObjectNode options; // Ollama's runtime options (temperature, num_ctx …)
    private final String keepAlive;
    private final String format;

    OllamaChat(
            HttpClient http,
            String baseUrl,
            String apiKey,
            String model,
            ObjectNode options,
            String keepAlive,
            String format) {
        super(http);
        this.url = baseUrl + "/api/chat";
        this.apiKey = apiKey;
        this.model = model;
        this.options = options;
        this.keepAlive = keepAlive;
        this.format = format;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return response(post(url, headers(), body(request, false)));
    }

    /**
     * The same calls streamed: each NDJSON line carries a piece of {@code message.content} (and, whole, any {@code
     * tool_calls}); the last one has {@code done: true} with the finish reason and token counts.
     */
    dev.langchain4j.model.chat.StreamingChatModel streaming() {
        return new dev.langchain4j.model.chat.StreamingChatModel() {
            @Override
            public void doChat(
                    ChatRequest request, dev.langchain4j.model.chat.response.StreamingChatResponseHandler handler) {
                StringBuilder text = new StringBuilder();
                ArrayNode calls = Json.array();
                JsonNode[] last = new JsonNode[1];
                postLines(
                        url,
                        headers(),
                        body(request, true),
                        line -> {
                            JsonNode chunk;
                            try {
                                chunk = Json.reader().readTree(line);
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException("a streamed line is not JSON: " + line, e);
                            }
                            if (chunk.hasNonNull("error")) {
                                throw new IllegalStateException(
                                        chunk.get("error").asText());
                            }
                            String piece = chunk.path("message").path("content").asText("");
                            chunk.path("message").path("tool_calls").forEach(calls::add);
                            if (!piece.isEmpty()) {
                                text.append(piece);
                                handler.onPartialResponse(piece);
                            }
                            if (chunk.path("done").asBoolean(false)) {
                                last[0] = chunk;
                            }
                        },
                        error -> {
                            if (error != null) {
                                handler.onError(error);
                            } else if (last[0] == null) {
                                handler.onError(new IllegalStateException("the streamed answer ended before done"));
                            } else {
                                ObjectNode whole = ((ObjectNode) last[0]).deepCopy();
                                ObjectNode msg = whole.putObject("message").put("content", text.toString());
                                msg.set("tool_calls", calls);
                                try {
                                    handler.onCompleteResponse(response(whole));
                                } catch (RuntimeException e) {
                                    handler.onError(e);
                                }
                            }
                        });
            }
        };
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        return headers;
    }

    private ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = Json.object().put("model", model).put("stream", stream);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.add(message(m));
        }
        List<ToolSpecification> tools = request.toolSpecifications();
        if (tools != null && !tools.isEmpty()) {
            ArrayNode t = body.putArray("tools");
            for (ToolSpecification spec : tools) {
                ObjectNode f = t.addObject().put("type", "function").putObject("function");
                f.put("name", spec.name());
                if (spec.description() != null) {
                    f.put("description", spec.description());
                }
                f.set("parameters", parameters(spec));
            }
        }
        if (format != null) {
            body.put("format", format);
        } else if (request.responseFormat() != null && request.responseFormat().type() == ResponseFormatType.JSON) {
            body.put("format", "json");
        }
        if (!options.isEmpty()) {
            body.set("options", options.deepCopy());
        }
        if (keepAlive != null) {
            body.put("keep_alive", keepAlive);
        }
        return body;
    }

    private static ObjectNode message(ChatMessage m) {
        ObjectNode o = Json.object();
        switch (m) {
            case SystemMessage s -> o.put("role", "system").put("content", s.text());
            case UserMessage u -> {
                List<Content> contents = contents(u, "the Ollama");
                o.put("role", "user").put("content", text(contents));
                for (Content c : contents) {
                    if (c instanceof ImageContent i) {
                        o.withArray("images").add(i.image().base64Data()); // Ollama takes bare base64, no data URL
                    }
                }
            }
            case AiMessage a -> {
                o.put("role", "assistant").put("content", a.text() == null ? "" : a.text());
                if (a.hasToolExecutionRequests()) {
                    ArrayNode calls = o.putArray("tool_calls");
                    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                        ObjectNode f = calls.addObject().putObject("function");
                        f.put("name", r.name());
                        f.set("arguments", arguments(r.arguments()));
                    }
                }
            }
            case ToolExecutionResultMessage t ->
                o.put("role", "tool").put("content", t.text()).put("tool_name", t.toolName());
            default -> throw new IllegalArgumentException("Ollama takes no " + m.type() + " message");
        }
        return o;
    }

    private static ChatResponse response(JsonNode answer) {
        if (answer.hasNonNull("error")) {
            throw new IllegalStateException(answer.get("error").asText());
        }
        JsonNode msg = answer.get("message");
        if (msg == null || !msg.isObject()) {
            throw new IllegalStateException("the answer holds no message");
        }
        String text = msg.path("content").asText("");
        List<ToolExecutionRequest> calls = new ArrayList<>();
        JsonNode toolCalls = msg.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode c = toolCalls.get(i);
            JsonNode f = c.path("function");
            if (!f.hasNonNull("name")) {
                throw new IllegalStateException("a tool call has no function name");
            }
            JsonNode args = f.path("arguments");
            calls.add(ToolExecutionRequest.builder()
                    .id(c.hasNonNull("id") ? c.get("id").asText() : "call_" + i)
                    .name(f.get("name").asText())
                    .arguments(args.isTextual() ? args.asText() : args.isMissingNode() ? "{}" : args.toString())
                    .build());
        }
        AiMessage ai = calls.isEmpty()
                ? AiMessage.from(text)
                : AiMessage.builder()
                        .text(text.isEmpty() ? null : text)
                        .toolExecutionRequests(calls)
                        .build();
        FinishReason finish = !calls.isEmpty()
                ? FinishReason.TOOL_EXECUTION
                : switch (answer.path("done_reason").asText("stop")) {
                    case "length" -> FinishReason.LENGTH;
                    case "stop" -> FinishReason.STOP;
                    default -> FinishReason.OTHER;
                };
        var b = ChatResponse.builder()
                .aiMessage(ai)
                .modelName(answer.path("model").asText(null))
                .finishReason(finish);
        if (answer.has("prompt_eval_count") || answer.has("eval_count")) {
            b.tokenUsage(new TokenUsage(
                    answer.path("prompt_eval_count").asInt(0),
                    answer.path("eval_count").asInt(0)));
        }
        return b.build();
    }
}
