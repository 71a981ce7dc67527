package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.ChatModel;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A LangChain4j {@link ChatModel} written here over a provider's JSON wire protocol (for providers whose LangChain4j
 * module is not available at this LangChain4j version), sending through {@link ProviderHttpClient} so the network
 * policy, timeouts and Retry-After retries are the same as for every other model.
 */
abstract class WireChatModel implements ChatModel {

    private final HttpClient http;

    WireChatModel(HttpClient http) {
        this.http = http;
    }

    /** POSTs {@code body} as JSON and reads the JSON answer; HTTP errors surface as LangChain4j's HttpException. */
    final JsonNode post(String url, Map<String, String> headers, ObjectNode body) {
        HttpRequest.Builder b = HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(url)
                .addHeader("Content-Type", "application/json")
                .addHeader("Accept", "application/json")
                .body(body.toString());
        headers.forEach(b::addHeader);
        String answer = http.execute(b.build()).body();
        try {
            JsonNode tree = Json.reader().readTree(answer == null ? "" : answer);
            if (tree == null || !tree.isObject()) {
                throw new IllegalStateException("the answer is not a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the answer is not JSON: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                                    ? j.getOriginalMessage()
                                    : e.getMessage()),
                    e);
        }
    }

    /**
     * POSTs {@code body} as JSON and hands each line of a newline-delimited JSON answer to {@code onLine}, on the
     * client's thread; ends with {@code onEnd} (null: the answer ended) or the failure.
     */
    final void postLines(
            String url,
            Map<String, String> headers,
            ObjectNode body,
            java.util.function.Consumer<String> onLine,
            java.util.function.Consumer<Throwable> onEnd) {
        postStream(
                url,
                headers,
                body,
                "application/x-ndjson",
                (in, listener) -> {
                    try (var reader = new java.io.BufferedReader(
                            new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            if (!line.isBlank()) {
                                listener.onEvent(new dev.langchain4j.http.client.sse.ServerSentEvent(null, line));
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        listener.onError(e);
                    }
                },
                onLine,
                onEnd);
    }

    /**
     * POSTs {@code body} as JSON and hands the data of each server-sent event of the answer to {@code onData}, on the
     * client's thread; ends with {@code onEnd} (null: the answer ended) or the failure.
     */
    final void postEvents(
            String url,
            Map<String, String> headers,
            ObjectNode body,
            java.util.function.Consumer<String> onData,
            java.util.function.Consumer<Throwable> onEnd) {
        postStream(
                url,
                headers,
                body,
                "text/event-stream",
                new dev.langchain4j.http.client.sse.DefaultServerSentEventParser(),
                onData,
                onEnd);
    }

    /**
     * A streamed POST: {@code onData} sees each event's data until it throws (which ends the call with that failure:
     * LangChain4j's SSE parser would swallow it) or the answer ends; {@code onEnd} is called exactly once.
     */
    private void postStream(
            String url,
            Map<String, String> headers,
            ObjectNode body,
            String accept,
            dev.langchain4j.http.client.sse.ServerSentEventParser parser,
            java.util.function.Consumer<String> onData,
            java.util.function.Consumer<Throwable> onEnd) {
        HttpRequest.Builder b = HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(url)
                .addHeader("Content-Type", "application/json")
                .addHeader("Accept", accept)
                .body(body.toString());
        headers.forEach(b::addHeader);
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        http.execute(b.build(), parser, new dev.langchain4j.http.client.sse.ServerSentEventListener() {
            @Override
            public void onEvent(dev.langchain4j.http.client.sse.ServerSentEvent event) {
                if (ended.get()) {
                    return;
                }
                try {
                    onData.accept(event.data());
                } catch (RuntimeException e) {
                    onError(e);
                }
            }

            @Override
            public void onError(Throwable error) {
                if (ended.compareAndSet(false, true)) {
                    onEnd.accept(error);
                }
            }

            @Override
            public void onClose() {
                if (ended.compareAndSet(false, true)) {
                    onEnd.accept(null);
                }
            }
        });
    }

    /** A tool's parameters as JSON Schema (an empty object schema when it takes none). */
    static ObjectNode parameters(ToolSpecification spec) {
        if (spec.parameters() == null) {
            ObjectNode o = Json.object().put("type", "object");
            o.putObject("properties");
            return o;
        }
        return (ObjectNode) Json.valueToTree(JsonSchemaElementUtils.toMap(spec.parameters()));
    }

    /**
     * A user message's contents, checked: text, and images given as base64 data (what the agent sends); other contents
     * (audio, PDF …) and images by URL are refused clearly.
     */
    static List<Content> contents(UserMessage m, String provider) {
        for (Content c : m.contents()) {
            if (c instanceof ImageContent i && i.image().base64Data() == null) {
                throw new IllegalArgumentException(provider + " chat model here sends images as data, not by URL");
            }
            if (!(c instanceof TextContent) && !(c instanceof ImageContent)) {
                throw new IllegalArgumentException(provider + " chat model here sends text and images only, not "
                        + c.type().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return m.contents();
    }

    /** The text parts of a user message, joined by line breaks. */
    static String text(List<Content> contents) {
        StringBuilder sb = new StringBuilder();
        for (Content c : contents) {
            if (c instanceof TextContent t) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** A tool call's arguments (a JSON text) as an object, as both wire protocols want them. */
    static ObjectNode arguments(String json) {
        if (json == null || json.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode n = Json.reader().readTree(json);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException ignored) {
            // fall through: wrapped below
        }
        return Json.object().put("input", json);
    }
}
