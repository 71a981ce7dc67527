package io.hetumind.nodes.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process model provider speaking the real wire protocols (OpenAI chat completions with
 * tool_calls, Anthropic messages, OpenAI embeddings, Ollama's /api/chat, Gemini's generateContent), answering from a per-test script, and
 * recording every request it got. Streamed answers (OpenAI, Anthropic and Gemini server-sent events, Ollama's NDJSON) are
 * written part by part with a flush each; {@link Reply#holding} keeps the parts from one index on until a latch opens,
 * so a test can see what arrived before the provider sent its last token. Public for the studio's tests (test jar).
 */
public final class FakeProvider implements AutoCloseable {

    public record Reply(
            int status,
            Map<String, String> headers,
            String body,
            List<String> parts,
            int holdAt,
            java.util.concurrent.CountDownLatch hold) {

        public Reply(int status, Map<String, String> headers, String body) {
            this(status, headers, body, null, -1, null);
        }

        /** A streamed answer of {@code contentType}, written part by part. */
        static Reply streamed(String contentType, List<String> parts) {
            return new Reply(200, Map.of("Content-Type", contentType), String.join("", parts), parts, -1, null);
        }

        /** The same answer, holding parts {@code at} and after until {@code latch} opens (at most 20 s). */
        Reply holding(int at, java.util.concurrent.CountDownLatch latch) {
            return new Reply(status, headers, body, parts, at < 0 ? parts.size() + at : at, latch);
        }
    }

    public record Request(String method, String path, String query, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Long> times = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Function<Request, Reply> responder;

    public FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeProvider then(Reply reply) {
        script.add(reply);
        return this;
    }

    /** Answers computed from the request; where it gives null, the script answers. */
    public FakeProvider route(java.util.function.Function<Request, Reply> value) {
        this.responder = value;
        return this;
    }

    /**
     * Answers the next {@code n} calls (after what the script already holds) with {@code status} and a {@code
     * retryAfterHeader} (e.g. {@code Retry-After} or {@code retry-after-ms}) of {@code value}, before any stream opens.
     */
    FakeProvider thenRefused(int n, int status, String retryAfterHeader, String value) {
        for (int i = 0; i < n; i++) {
            then(new Reply(
                    status,
                    Map.of(retryAfterHeader, value),
                    "{\"error\":{\"message\":\"quota exceeded, slow down\"}}"));
        }
        return this;
    }

    public FakeProvider thenJson(ObjectNode body) {
        return then(new Reply(200, Map.of(), body.toString()));
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body;
        try {
            body = in.length == 0 ? null : Json.reader().readTree(in);
        } catch (IOException e) {
            body = Json.F.textNode(new String(in, StandardCharsets.UTF_8));
        }
        Request request = new Request(
                ex.getRequestMethod(),
                ex.getRequestURI().getPath(),
                ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()),
                body);
        requests.add(request);
        times.add(System.nanoTime());
        Reply r = responder == null ? null : responder.apply(request);
        if (r == null) {
            r = script.poll();
        }
        if (r == null) {
            r = new Reply(500, Map.of(), "{\"error\":{\"message\":\"the test script has no more answers\"}}");
        }
        if (r.parts() != null) {
            stream(ex, r);
            return;
        }
        byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    private static void stream(HttpExchange ex, Reply r) throws IOException {
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(r.status(), 0); // chunked
        try (var out = ex.getResponseBody()) {
            for (int i = 0; i < r.parts().size(); i++) {
                if (i == r.holdAt() && r.hold() != null) {
                    try {
                        r.hold().await(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                out.write(r.parts().get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException clientGone) {
            // the model client went away mid-answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- streamed answers

    private static String sse(String event, ObjectNode data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }

    private static ObjectNode openAiChunk() {
        ObjectNode o = Json.object()
                .put("id", "chatcmpl-1")
                .put("object", "chat.completion.chunk")
                .put("created", 1700000000)
                .put("model", "gpt-4o-mini");
        o.putArray("choices");
        return o;
    }

    /** OpenAI's SSE answer ({@code stream: true}): one delta per piece, the finish, the usage, {@code [DONE]}. */
    static Reply openAiStream(String... pieces) {
        List<String> parts = new java.util.ArrayList<>();
        ObjectNode first = openAiChunk();
        first.withArray("choices")
                .addObject()
                .put("index", 0)
                .putObject("delta")
                .put("role", "assistant")
                .put("content", "");
        parts.add(sse(null, first));
        for (String piece : pieces) {
            ObjectNode c = openAiChunk();
            c.withArray("choices")
                    .addObject()
                    .put("index", 0)
                    .putObject("delta")
                    .put("content", piece);
            parts.add(sse(null, c));
        }
        ObjectNode fin = openAiChunk();
        ObjectNode choice = fin.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("delta");
        parts.add(sse(null, fin));
        parts.add(sse(null, openAiUsage()));
        parts.add("data: [DONE]\n\n");
        return Reply.streamed("text/event-stream", parts);
    }

    /** OpenAI's SSE answer calling one tool, its arguments sent in {@code argumentPieces}. */
    static Reply openAiStreamToolCall(String name, String... argumentPieces) {
        List<String> parts = new java.util.ArrayList<>();
        ObjectNode first = openAiChunk();
        ObjectNode delta =
                first.withArray("choices").addObject().put("index", 0).putObject("delta");
        delta.put("role", "assistant").putNull("content");
        ObjectNode call = delta.putArray("tool_calls")
                .addObject()
                .put("index", 0)
                .put("id", "call_s1")
                .put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        parts.add(sse(null, first));
        for (String piece : argumentPieces) {
            ObjectNode c = openAiChunk();
            c.withArray("choices")
                    .addObject()
                    .put("index", 0)
                    .putObject("delta")
                    .putArray("tool_calls")
                    .addObject()
                    .put("index", 0)
                    .putObject("function")
                    .put("arguments", piece);
            parts.add(sse(null, c));
        }
        ObjectNode fin = openAiChunk();
        fin.withArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", "tool_calls")
                .putObject("delta");
        parts.add(sse(null, fin));
        parts.add(sse(null, openAiUsage()));
        parts.add("data: [DONE]\n\n");
        return Reply.streamed("text/event-stream", parts);
    }

    private static ObjectNode openAiUsage() {
        ObjectNode usage = openAiChunk();
        usage.putObject("usage")
                .put("prompt_tokens", 11)
                .put("completion_tokens", 7)
                .put("total_tokens", 18);
        return usage;
    }

    /** OpenAI's SSE answer that fails after {@code pieces}: an {@code error} event, as the API sends mid-stream. */
    static Reply openAiStreamFailing(String message, String... pieces) {
        Reply ok = openAiStream(pieces);
        List<String> parts = new java.util.ArrayList<>(ok.parts().subList(0, 1 + pieces.length));
        ObjectNode error = Json.object();
        error.putObject("error").put("message", message).put("type", "server_error");
        parts.add(sse("error", error));
        return Reply.streamed("text/event-stream", parts);
    }

    /** Anthropic's SSE answer: message_start, a text block of deltas, message_delta with the stop, message_stop. */
    static Reply anthropicStream(String... pieces) {
        List<String> parts = new java.util.ArrayList<>();
        ObjectNode start = Json.object().put("type", "message_start");
        ObjectNode msg = start.putObject("message")
                .put("id", "msg_1")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", "claude-3-5-sonnet-20241022");
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putObject("usage").put("input_tokens", 12).put("output_tokens", 1);
        parts.add(sse("message_start", start));
        ObjectNode block = Json.object().put("type", "content_block_start").put("index", 0);
        block.putObject("content_block").put("type", "text").put("text", "");
        parts.add(sse("content_block_start", block));
        for (String piece : pieces) {
            ObjectNode d = Json.object().put("type", "content_block_delta").put("index", 0);
            d.putObject("delta").put("type", "text_delta").put("text", piece);
            parts.add(sse("content_block_delta", d));
        }
        parts.add(sse(
                "content_block_stop",
                Json.object().put("type", "content_block_stop").put("index", 0)));
        ObjectNode md = Json.object().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", 5);
        parts.add(sse("message_delta", md));
        parts.add(sse("message_stop", Json.object().put("type", "message_stop")));
        return Reply.streamed("text/event-stream", parts);
    }

    /** Ollama's NDJSON answer ({@code stream: true}): a line per piece, then {@code done: true} with the counts. */
    static Reply ollamaStream(String... pieces) {
        List<String> parts = new java.util.ArrayList<>();
        for (String piece : pieces) {
            ObjectNode line = Json.object().put("model", "llama3.2").put("created_at", "2024-01-01T00:00:00Z");
            line.putObject("message").put("role", "assistant").put("content", piece);
            line.put("done", false);
            parts.add(line + "\n");
        }
        ObjectNode last = ollama("stop");
        last.putObject("message").put("role", "assistant").put("content", "");
        parts.add(last + "\n");
        return Reply.streamed("application/x-ndjson", parts);
    }

    /**
     * Gemini's SSE answer ({@code streamGenerateContent?alt=sse}): an event per text piece, each a partial {@code
     * GenerateContentResponse} with the counts so far; the last one carries the finish reason and the final counts.
     * Events end in CRLF pairs, as Google's servers write them.
     */
    static Reply geminiStream(String... pieces) {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            ObjectNode event = geminiEvent(i == pieces.length - 1 ? "STOP" : null, i == pieces.length - 1);
            event.withArray("candidates")
                    .get(0)
                    .withObject("content")
                    .withArray("parts")
                    .addObject()
                    .put("text", pieces[i]);
            parts.add("data: " + event + "\r\n\r\n");
        }
        return Reply.streamed("text/event-stream", parts);
    }

    /** Gemini's SSE answer calling functions (each call {name, argumentsJson}): they come whole in one event. */
    static Reply geminiStreamFunctionCalls(String... nameThenArgs) {
        ObjectNode event = geminiEvent("STOP", true);
        ArrayNode parts =
                event.withArray("candidates").get(0).withObject("content").withArray("parts");
        for (int i = 0; i < nameThenArgs.length; i += 2) {
            ObjectNode call = parts.addObject().putObject("functionCall").put("name", nameThenArgs[i]);
            call.set("args", Json.parse(nameThenArgs[i + 1]));
        }
        return Reply.streamed("text/event-stream", List.of("data: " + event + "\r\n\r\n"));
    }

    /** Gemini's SSE answer that sends {@code pieces} then an {@code error} object, as the API fails mid-stream. */
    static Reply geminiStreamFailing(String message, String... pieces) {
        List<String> parts = new java.util.ArrayList<>();
        for (String piece : pieces) {
            ObjectNode event = geminiEvent(null, false);
            event.withArray("candidates")
                    .get(0)
                    .withObject("content")
                    .withArray("parts")
                    .addObject()
                    .put("text", piece);
            parts.add("data: " + event + "\r\n\r\n");
        }
        ObjectNode error = Json.object();
        error.putObject("error").put("code", 500).put("message", message).put("status", "INTERNAL");
        parts.add("data: " + error + "\r\n\r\n");
        return Reply.streamed("text/event-stream", parts);
    }

    /** Gemini's SSE answer to a blocked prompt: one event without candidates, with the block reason. */
    static Reply geminiStreamBlocked(String reason) {
        ObjectNode event = Json.object();
        event.putObject("promptFeedback").put("blockReason", reason);
        event.putObject("usageMetadata").put("promptTokenCount", 21).put("totalTokenCount", 21);
        return Reply.streamed("text/event-stream", List.of("data: " + event + "\r\n\r\n"));
    }

    private static ObjectNode geminiEvent(String finishReason, boolean last) {
        ObjectNode o = Json.object();
        ObjectNode c = o.putArray("candidates").addObject();
        c.putObject("content").put("role", "model").putArray("parts");
        if (finishReason != null) {
            c.put("finishReason", finishReason);
        }
        c.put("index", 0);
        ObjectNode usage = o.putObject("usageMetadata").put("promptTokenCount", 21);
        if (last) {
            usage.put("candidatesTokenCount", 4).put("totalTokenCount", 25);
        } else {
            usage.put("totalTokenCount", 21);
        }
        o.put("modelVersion", "gemini-2.5-flash");
        return o;
    }

    // ---- OpenAI chat completions

    public static ObjectNode openAiText(String text) {
        ObjectNode o = completion();
        ObjectNode choice = o.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text);
        return o;
    }

    /** A reply calling tools: each call is {name, argumentsJson}. */
    public static ObjectNode openAiToolCalls(String... nameThenArgs) {
        ObjectNode o = completion();
        ObjectNode choice = o.withArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls");
        ObjectNode msg = choice.putObject("message").put("role", "assistant");
        msg.putNull("content");
        ArrayNode calls = msg.putArray("tool_calls");
        for (int i = 0; i < nameThenArgs.length; i += 2) {
            ObjectNode c = calls.addObject().put("id", "call_" + (i / 2)).put("type", "function");
            c.putObject("function").put("name", nameThenArgs[i]).put("arguments", nameThenArgs[i + 1]);
        }
        return o;
    }

    private static ObjectNode completion() {
        ObjectNode o = Json.object()
                .put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("created", 1700000000)
                .put("model", "gpt-4o-mini");
        o.putArray("choices");
        o.putObject("usage")
                .put("prompt_tokens", 11)
                .put("completion_tokens", 7)
                .put("total_tokens", 18);
        return o;
    }

    // ---- OpenAI Responses API (POST /responses)

    /** A Responses answer of one assistant message holding {@code text}. */
    public static ObjectNode openAiResponseText(String text) {
        ObjectNode o = response();
        ObjectNode msg = o.withArray("output")
                .addObject()
                .put("type", "message")
                .put("id", "msg_1")
                .put("status", "completed")
                .put("role", "assistant");
        msg.putArray("content")
                .addObject()
                .put("type", "output_text")
                .put("text", text)
                .putArray("annotations");
        return o;
    }

    /** A Responses answer calling functions: each call is {name, argumentsJson}, {@code call_i} as its call id. */
    public static ObjectNode openAiResponseToolCalls(String... nameThenArgs) {
        ObjectNode o = response();
        for (int i = 0; i < nameThenArgs.length; i += 2) {
            o.withArray("output")
                    .addObject()
                    .put("type", "function_call")
                    .put("id", "fc_" + (i / 2))
                    .put("call_id", "call_" + (i / 2))
                    .put("name", nameThenArgs[i])
                    .put("arguments", nameThenArgs[i + 1])
                    .put("status", "completed");
        }
        return o;
    }

    private static ObjectNode response() {
        ObjectNode o = Json.object()
                .put("id", "resp_1")
                .put("object", "response")
                .put("created_at", 1700000000)
                .put("status", "completed")
                .put("model", "gpt-5-mini");
        o.putArray("output");
        o.putObject("usage").put("input_tokens", 11).put("output_tokens", 7).put("total_tokens", 18);
        return o;
    }

    /** A streamed Responses answer (SSE): the text in {@code pieces} as output_text deltas, then completed. */
    static Reply openAiResponsesStream(String... pieces) {
        List<String> parts = new java.util.ArrayList<>();
        ObjectNode item = Json.object()
                .put("type", "message")
                .put("id", "msg_1")
                .put("status", "in_progress")
                .put("role", "assistant");
        item.putArray("content");
        parts.add(sse(
                "response.output_item.added",
                Json.object()
                        .put("type", "response.output_item.added")
                        .put("output_index", 0)
                        .set("item", item)));
        for (String p : pieces) {
            parts.add(sse(
                    "response.output_text.delta",
                    Json.object()
                            .put("type", "response.output_text.delta")
                            .put("item_id", "msg_1")
                            .put("output_index", 0)
                            .put("content_index", 0)
                            .put("delta", p)));
        }
        ObjectNode done = openAiResponseText(String.join("", pieces));
        parts.add(sse(
                "response.output_item.done",
                Json.object()
                        .put("type", "response.output_item.done")
                        .put("output_index", 0)
                        .set("item", done.get("output").get(0))));
        parts.add(sse(
                "response.completed",
                Json.object().put("type", "response.completed").set("response", done)));
        return Reply.streamed("text/event-stream", parts);
    }

    // ---- OpenAI embeddings

    /** An embeddings answer: one vector per input text, made by {@code vector}. */
    static Reply openAiEmbeddings(Request request, java.util.function.Function<String, double[]> vector) {
        ObjectNode o = Json.object().put("object", "list").put("model", "text-embedding-3-small");
        ArrayNode data = o.putArray("data");
        JsonNode input = request.body().get("input");
        List<String> texts = new java.util.ArrayList<>();
        if (input.isArray()) {
            input.forEach(t -> texts.add(t.asText()));
        } else {
            texts.add(input.asText());
        }
        for (int i = 0; i < texts.size(); i++) {
            ArrayNode v =
                    data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (double d : vector.apply(texts.get(i))) {
                v.add(d);
            }
        }
        o.putObject("usage").put("prompt_tokens", texts.size()).put("total_tokens", texts.size());
        return new Reply(200, Map.of(), o.toString());
    }

    // ---- Cohere rerank

    /**
     * Cohere's {@code POST /v2/rerank} answer to {@code request}: each of its {@code documents} (strings) scored by
     * {@code relevance(query, document)}, most relevant first, the first {@code top_n}; Cohere's 400 when the model,
     * the query or the documents are missing, 401 without a Bearer token.
     */
    static Reply cohereRerank(Request request, java.util.function.ToDoubleBiFunction<String, String> relevance) {
        String auth = request.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
            return new Reply(401, Map.of(), "{\"message\":\"no api key supplied\"}");
        }
        JsonNode body = request.body();
        if (body == null
                || !body.path("model").isTextual()
                || !body.path("query").isTextual()
                || !body.path("documents").isArray()) {
            return new Reply(
                    400, Map.of(), "{\"message\":\"invalid request: model, query and documents are required\"}");
        }
        String query = body.get("query").asText();
        List<double[]> scored = new java.util.ArrayList<>();
        for (int i = 0; i < body.get("documents").size(); i++) {
            scored.add(new double[] {
                i, relevance.applyAsDouble(query, body.get("documents").get(i).asText())
            });
        }
        scored.sort((a, b) -> Double.compare(b[1], a[1]));
        int topN = body.path("top_n").asInt(scored.size());
        ObjectNode o = Json.object().put("id", "rr-1");
        ArrayNode results = o.putArray("results");
        scored.stream()
                .limit(topN)
                .forEach(s -> results.addObject().put("index", (int) s[0]).put("relevance_score", s[1]));
        ObjectNode meta = o.putObject("meta");
        meta.putObject("api_version").put("version", "2");
        meta.putObject("billed_units").put("search_units", 1);
        return new Reply(200, Map.of(), o.toString());
    }

    // ---- Anthropic messages

    static ObjectNode anthropicText(String text) {
        ObjectNode o = Json.object()
                .put("id", "msg_1")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", "claude-3-5-sonnet-20241022")
                .put("stop_reason", "end_turn");
        o.putNull("stop_sequence");
        o.putArray("content").addObject().put("type", "text").put("text", text);
        o.putObject("usage").put("input_tokens", 12).put("output_tokens", 5);
        return o;
    }

    // ---- Ollama /api/chat

    static ObjectNode ollamaText(String text) {
        ObjectNode o = ollama("stop");
        o.putObject("message").put("role", "assistant").put("content", text);
        return o;
    }

    /** A reply calling tools: each call is {name, argumentsJson}; Ollama sends arguments as an object. */
    static ObjectNode ollamaToolCalls(String... nameThenArgs) {
        ObjectNode o = ollama("stop");
        ObjectNode msg = o.putObject("message").put("role", "assistant").put("content", "");
        ArrayNode calls = msg.putArray("tool_calls");
        for (int i = 0; i < nameThenArgs.length; i += 2) {
            ObjectNode f = calls.addObject().putObject("function").put("name", nameThenArgs[i]);
            f.set("arguments", Json.parse(nameThenArgs[i + 1]));
        }
        return o;
    }

    private static ObjectNode ollama(String doneReason) {
        return Json.object()
                .put("model", "llama3.2")
                .put("created_at", "2026-12-03T08:00:00.000000Z")
                .put("done", true)
                .put("done_reason", doneReason)
                .put("total_duration", 5_000_000)
                .put("prompt_eval_count", 26)
                .put("eval_count", 9);
    }

    // ---- Gemini generateContent

    static ObjectNode geminiText(String text) {
        ObjectNode o = gemini("STOP");
        o.withArray("candidates")
                .get(0)
                .withObject("content")
                .withArray("parts")
                .addObject()
                .put("text", text);
        return o;
    }

    /** A reply calling functions: each call is {name, argumentsJson}. */
    static ObjectNode geminiFunctionCalls(String... nameThenArgs) {
        ObjectNode o = gemini("STOP");
        ArrayNode parts = o.withArray("candidates").get(0).withObject("content").withArray("parts");
        for (int i = 0; i < nameThenArgs.length; i += 2) {
            ObjectNode call = parts.addObject().putObject("functionCall").put("name", nameThenArgs[i]);
            call.set("args", Json.parse(nameThenArgs[i + 1]));
        }
        return o;
    }

    private static ObjectNode gemini(String finishReason) {
        ObjectNode o = Json.object();
        ObjectNode c = o.putArray("candidates").addObject();
        c.putObject("content").put("role", "model").putArray("parts");
        c.put("finishReason", finishReason).put("index", 0);
        o.putObject("usageMetadata")
                .put("promptTokenCount", 21)
                .put("candidatesTokenCount", 4)
                .put("totalTokenCount", 25);
        o.put("modelVersion", "gemini-2.5-flash");
        return o;
    }
}
