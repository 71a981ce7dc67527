package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import java.util.List;

/**
 * What a chat-model sub-node supplies: a LangChain4j {@link ChatModel} plus the bookkeeping every
 * call gets — a run-data record (messages in and out, tool calls, token usage, latency) written
 * to the root's console as one {@code ai_languageModel {…}} JSON line, and provider failures
 * turned into node errors that name the model node. A model that also has a {@link StreamingChatModel} can answer
 * token by token ({@link #chat(ChatRequest, int, java.util.function.Consumer)}); the record is the same, plus
 * {@code streamed} and {@code firstTokenMs}. A streamed call is retried by the provider's HTTP client as a plain one is
 * while no token has come (429/5xx when the stream opens); a stream that fails after tokens were sent is not, and the
 * node error says so.
 */
public final class LanguageModel {

    /** Prefix of the console line that records one model call. */
    public static final String RECORD_PREFIX = "ai_languageModel ";

    private final ChatModel model;
    private final NodeContext ctx; // the model sub-node's own context
    private final String provider;
    private final String modelName;

    private final StreamingChatModel streaming; // null: the provider node offers no streaming
    private final java.time.Duration idle; // longest wait for the next token of a streamed answer
    private final java.util.concurrent.atomic.AtomicLong alive; // nanoTime of a streamed call's last sign of life

    public LanguageModel(ChatModel model, NodeContext ctx, String provider, String modelName) {
        this(model, null, java.time.Duration.ofSeconds(60), null, ctx, provider, modelName);
    }

    /**
     * A model that can stream; {@code alive} (may be null) is the clock the provider's HTTP client also sets while a
     * streamed call waits to retry (see {@link ProviderHttpClient#builder(java.time.Duration, int,
     * java.time.Duration, io.hetumind.core.spi.NetworkPolicy, java.util.function.BooleanSupplier, Runnable)}), so
     * retry waits are not taken for a stalled stream.
     */
    public LanguageModel(
            ChatModel model,
            StreamingChatModel streaming,
            java.time.Duration idle,
            java.util.concurrent.atomic.AtomicLong alive,
            NodeContext ctx,
            String provider,
            String modelName) {
        this.model = model;
        this.streaming = streaming;
        this.idle = idle;
        this.alive = alive == null ? new java.util.concurrent.atomic.AtomicLong() : alive;
        this.ctx = ctx;
        this.provider = provider;
        this.modelName = modelName;
    }

    /** Whether {@link #chat(ChatRequest, int, java.util.function.Consumer)} can hand out tokens as they come. */
    public boolean streams() {
        return streaming != null;
    }

    public String nodeName() {
        return ctx.node().name();
    }

    public String modelName() {
        return modelName;
    }

    /** One call; {@code itemIndex} is the root's item the call is for (for error reports). */
    public ChatResponse chat(ChatRequest request, int itemIndex) {
        return chat(request, itemIndex, null);
    }

    /**
     * One call whose answer text is handed to {@code onText} piece by piece as the provider sends it (tool-call
     * arguments are not); without a streaming model, or with a null {@code onText}, a plain call. The whole answer,
     * token usage and latency are recorded as for a plain call.
     */
    public ChatResponse chat(ChatRequest request, int itemIndex, java.util.function.Consumer<String> onText) {
        if (ctx.canceled()) {
            throw NodeException.user("the execution was canceled", itemIndex);
        }
        long t0 = System.nanoTime();
        ObjectNode record =
                Json.object().put("node", nodeName()).put("provider", provider).put("model", modelName);
        ArrayNode in = record.putArray("messagesIn");
        request.messages().forEach(m -> in.add(message(m)));
        if (request.toolSpecifications() != null
                && !request.toolSpecifications().isEmpty()) {
            ArrayNode tools = record.putArray("tools");
            request.toolSpecifications().forEach(t -> tools.add(t.name()));
        }
        ObjectNode n8nIn = n8nInput(request);
        n8nIn.putObject("options").put("model", modelName);
        io.hetumind.core.spi.SubNodeCall call = ctx.recordCall(
                io.hetumind.core.model.ConnectionTypes.AI_LANGUAGE_MODEL,
                List.of(io.hetumind.core.model.Item.of(n8nIn)));
        try {
            ChatResponse response;
            if (onText != null && streaming != null) {
                record.put("streamed", true);
                response = stream(request, onText, t0, record);
            } else {
                response = model.chat(request);
            }
            if (response == null || response.aiMessage() == null) {
                throw new IllegalStateException("the answer holds no message");
            }
            record.put("latencyMs", (System.nanoTime() - t0) / 1_000_000);
            record.set("messageOut", message(response.aiMessage()));
            TokenUsage usage = response.tokenUsage();
            if (usage != null) {
                record.putObject("tokenUsage")
                        .put("input", usage.inputTokenCount())
                        .put("output", usage.outputTokenCount())
                        .put("total", usage.totalTokenCount());
            }
            if (response.finishReason() != null) {
                record.put("finishReason", response.finishReason().name().toLowerCase(java.util.Locale.ROOT));
            }
            call.log(RECORD_PREFIX + fit(record));
            call.succeeded(List.of(io.hetumind.core.model.Item.of(n8nOutput(response, n8nIn))));
            return response;
        } catch (NodeException e) {
            // a refused address names the model node like every other provider failure
            NodeException error = e instanceof io.hetumind.core.spi.NetworkRefusedException r
                            && r.getMessage().startsWith("refused")
                    ? r.by("'" + nodeName() + "' (" + provider + ")", itemIndex)
                    : e;
            record.put("latencyMs", (System.nanoTime() - t0) / 1_000_000).put("error", error.getMessage());
            call.log(RECORD_PREFIX + fit(record));
            call.failed(error);
            throw error;
        } catch (RuntimeException e) {
            NodeException error = afterTokens(error(e, itemIndex), record);
            record.put("latencyMs", (System.nanoTime() - t0) / 1_000_000).put("error", error.getMessage());
            call.log(RECORD_PREFIX + fit(record));
            call.failed(error);
            throw error;
        }
    }

    /**
     * What n8n's model tracing ({@code N8nLlmTracing.handleLLMStart}) records as a call's input: the messages as one
     * prompt in LangChain's buffer form ({@code System: …\nHuman: …}) and an estimate of their tokens; the caller adds
     * the model's options.
     */
    static ObjectNode n8nInput(ChatRequest request) {
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage m : request.messages()) {
            if (!prompt.isEmpty()) {
                prompt.append('\n');
            }
            ObjectNode shown = message(m);
            String role =
                    switch (m) {
                        case SystemMessage s -> "System";
                        case UserMessage u -> "Human";
                        case AiMessage a -> "AI";
                        case ToolExecutionResultMessage t -> "Tool";
                        default -> m.type().name();
                    };
            prompt.append(role).append(": ").append(shown.path("text").asText(""));
            if (shown.has("toolCalls")) {
                prompt.append(shown.get("toolCalls"));
            }
            if (shown.has("images")) {
                prompt.append(shown.get("images"));
            }
        }
        ObjectNode in = Json.object();
        in.putArray("messages").add(prompt.toString());
        in.put("estimatedTokens", estimateTokens(prompt.toString()));
        return in;
    }

    /**
     * What n8n's tracing records as a call's output ({@code handleLLMEnd}): {@code response.generations} (text and
     * generation info) and the provider's token counts, or an estimate when the provider gave none.
     */
    private ObjectNode n8nOutput(ChatResponse response, ObjectNode n8nIn) {
        ObjectNode out = Json.object();
        ObjectNode generation = out.putObject("response")
                .putArray("generations")
                .addArray()
                .addObject()
                .put(
                        "text",
                        response.aiMessage().text() == null
                                ? ""
                                : response.aiMessage().text());
        ObjectNode info = generation.putObject("generationInfo");
        if (response.finishReason() != null) {
            info.put("finish_reason", response.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (response.aiMessage().hasToolExecutionRequests()) {
            info.set("tool_calls", message(response.aiMessage()).get("toolCalls"));
        }
        TokenUsage usage = response.tokenUsage();
        if (usage != null && usage.outputTokenCount() != null && usage.outputTokenCount() > 0) {
            out.putObject("tokenUsage")
                    .put("completionTokens", usage.outputTokenCount())
                    .put("promptTokens", usage.inputTokenCount() == null ? 0 : usage.inputTokenCount())
                    .put("totalTokens", usage.totalTokenCount() == null ? 0 : usage.totalTokenCount());
        } else {
            int completion = estimateTokens(generation.path("text").asText());
            int prompt = n8nIn.path("estimatedTokens").asInt();
            out.putObject("tokenUsageEstimate")
                    .put("completionTokens", completion)
                    .put("promptTokens", prompt)
                    .put("totalTokens", completion + prompt);
        }
        return out;
    }

    /** A rough token count, four characters a token (n8n counts with tiktoken, which is not here). */
    static int estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }

    /** A streamed call, waited for here: the provider's client delivers on its own threads. */
    private ChatResponse stream(
            ChatRequest request, java.util.function.Consumer<String> onText, long t0, ObjectNode record) {
        java.util.concurrent.CompletableFuture<ChatResponse> done = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicLong last = alive;
        last.set(System.nanoTime());
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        streaming.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                last.set(System.nanoTime());
                if (text == null || text.isEmpty() || done.isDone()) {
                    return;
                }
                if (first.compareAndSet(true, false)) {
                    synchronized (record) {
                        record.put("firstTokenMs", (System.nanoTime() - t0) / 1_000_000);
                    }
                }
                onText.accept(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        while (true) {
            try {
                return done.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException waiting) {
                if (ctx.canceled()) {
                    done.cancel(true);
                    throw NodeException.user("the execution was canceled");
                }
                if (System.nanoTime() - last.get() > idle.toNanos()) {
                    done.cancel(true);
                    throw new dev.langchain4j.exception.TimeoutException(
                            "the streamed answer stopped: nothing came for " + idle.toMillis() + " ms");
                }
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw NodeException.user("the execution was interrupted");
            }
        }
    }

    /** A stream that broke after the client saw text is not retried: the error says what was already sent. */
    private static NodeException afterTokens(NodeException error, ObjectNode record) {
        if (!record.has("firstTokenMs")) {
            return error;
        }
        return new NodeException(
                error.kind(),
                error.getMessage() + " (the streamed answer broke off after text was sent; not retried)",
                error.itemIndex(),
                error.description(),
                error.getCause() == null ? error : error.getCause());
    }

    private NodeException error(RuntimeException e, int itemIndex) {
        return ProviderErrors.of("'" + nodeName() + "' (" + provider + ")", e, itemIndex);
    }

    /** Console lines are cut at 10 000 characters: shorten message texts until the record stays whole JSON. */
    static String fit(ObjectNode record) {
        String line = record.toString();
        for (int max : new int[] {2000, 500, 100, 20}) {
            if (line.length() <= MAX_RECORD) {
                return line;
            }
            record.put("truncated", true);
            shorten(record.get("messagesIn"), max);
            shorten(record.get("messageOut"), max);
            line = record.toString();
        }
        if (line.length() > MAX_RECORD && record.get("messagesIn") instanceof ArrayNode in) {
            int dropped = 0;
            while (in.size() > 2 && record.toString().length() > MAX_RECORD) {
                in.remove(1); // keep the first (system) and the latest messages
                dropped++;
            }
            record.put("messagesOmitted", dropped);
            line = record.toString();
        }
        return line;
    }

    static final int MAX_RECORD = 9_000;

    private static void shorten(com.fasterxml.jackson.databind.JsonNode node, int max) {
        if (node == null) {
            return;
        }
        if (node instanceof ObjectNode o) {
            for (String field : new String[] {"text", "arguments"}) {
                var v = o.get(field);
                if (v != null && v.isTextual() && v.asText().length() > max) {
                    o.put(field, v.asText().substring(0, max) + "…");
                }
            }
            o.forEach(child -> shorten(child, max));
        } else if (node.isArray()) {
            node.forEach(child -> shorten(child, max));
        }
    }

    /**
     * A user message as run data shows it: its text, and each image as a marker (MIME type, size in bytes), never the
     * image itself (a record must stay one readable console line; the file is in the item's binary data).
     */
    private static void user(ObjectNode o, UserMessage u) {
        if (u.hasSingleText()) {
            o.put("text", u.singleText());
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode images = null;
        for (dev.langchain4j.data.message.Content c : u.contents()) {
            switch (c) {
                case dev.langchain4j.data.message.TextContent t -> {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(t.text());
                }
                case dev.langchain4j.data.message.ImageContent i -> {
                    if (images == null) {
                        images = Json.array();
                    }
                    ObjectNode marker =
                            images.addObject().put("mimeType", i.image().mimeType());
                    if (i.image().base64Data() != null) {
                        marker.put("size", decodedSize(i.image().base64Data()));
                    } else if (i.image().url() != null) {
                        marker.put("url", i.image().url().toString());
                    }
                }
                default -> o.withArray("contents").add(c.type().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (!text.isEmpty()) {
            o.put("text", text.toString());
        }
        if (images != null) {
            o.set("images", images);
        }
    }

    /** The number of bytes a base64 text holds. */
    static long decodedSize(String base64) {
        int n = base64.length();
        int padding = n > 0 && base64.charAt(n - 1) == '=' ? (n > 1 && base64.charAt(n - 2) == '=' ? 2 : 1) : 0;
        return (long) n / 4 * 3 - padding;
    }

    /** A chat message as run data shows it. */
    public static ObjectNode message(ChatMessage m) {
        ObjectNode o = Json.object();
        switch (m) {
            case SystemMessage s -> o.put("role", "system").put("text", s.text());
            case UserMessage u -> user(o.put("role", "user"), u);
            case AiMessage a -> {
                o.put("role", "ai");
                if (a.text() != null) {
                    o.put("text", a.text());
                }
                if (a.hasToolExecutionRequests()) {
                    ArrayNode calls = o.putArray("toolCalls");
                    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                        calls.addObject()
                                .put("id", r.id())
                                .put("name", r.name())
                                .put("arguments", r.arguments());
                    }
                }
            }
            case ToolExecutionResultMessage t ->
                o.put("role", "tool")
                        .put("id", t.id())
                        .put("name", t.toolName())
                        .put("text", t.text());
            default ->
                o.put("role", m.type().name().toLowerCase(java.util.Locale.ROOT))
                        .put("text", m.toString());
        }
        return o;
    }
}
