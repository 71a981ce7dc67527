package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.nodes.trigger.webhook.WebhookProperties;
import io.hetumind.platform.problem.ProblemException;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** The answers of n8n's response modes, from the Webhook node's settings and, when it has ended, the run. */
final class WebhookResponses {
    private final WebhookEndpoint e;
    private final Instance<BinaryStore> binaries;

    WebhookResponses(WebhookEndpoint e, Instance<BinaryStore> binaries) {
        this.e = e;
        this.binaries = binaries;
    }

    /**
     * {@code onReceived}: the configured code, the {@code responseData} option as text, no body when the node says
     * so, or n8n's message.
     */
    void immediate(WebhookReply reply) {
        String text = e.options().responseData();
        if (text != null) {
            send(reply, e.spec().responseCode(), text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        } else if (e.options().noResponseBody()) {
            send(reply, e.spec().responseCode(), null, null);
        } else {
            json(reply, e.spec().responseCode(), "{\"message\":\"Workflow was started\"}");
        }
    }

    /** {@code lastNode}: the last node's output as {@code responseData} says. */
    void lastNode(WebhookReply reply, ExecutionResult result, Throwable err) {
        if (failed(reply, result, err)) {
            return;
        }
        List<Item> items = result.lastOutput();
        int code = e.spec().responseCode();
        switch (e.spec().responseData()) {
            case "noData" -> send(reply, code, null, null);
            case "allEntries" -> {
                ArrayNode all = Json.array();
                items.forEach(i -> all.add(i.json()));
                json(reply, code, Json.write(all));
            }
            case "firstEntryBinary" -> binary(reply, code, items);
            default -> {
                if (items.isEmpty()) {
                    json(reply, 500, "{\"message\":\"No item to return was found\"}");
                } else {
                    firstEntry(reply, code, items.getFirst());
                }
            }
        }
    }

    /** {@code responseNode}: what the Respond to Webhook node built. */
    void fromNode(WebhookReply reply, WebhookResponse r) {
        Map<String, String> headers = new HashMap<>(e.options().responseHeaders());
        headers.putAll(r.headers());
        reply.send(
                r.status(),
                headers,
                r.bytes(),
                r.contentType() == null
                        ? null
                        : r.contentType()
                                + (r.data() == null && r.contentType().startsWith("text/")
                                                || r.contentType().endsWith("json")
                                        ? "; charset=utf-8"
                                        : ""));
    }

    /** {@code responseNode} mode, but the run ended (or timed out) without a Respond to Webhook node answering. */
    void withoutResponseNode(WebhookReply reply, ExecutionResult result, Throwable err) {
        if (failed(reply, result, err)) {
            return;
        }
        json(reply, 200, "{\"message\":\"Workflow executed successfully\"}");
    }

    private boolean failed(WebhookReply reply, ExecutionResult result, Throwable err) {
        if (err != null) {
            Throwable cause = err instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : err;
            if (cause instanceof TimeoutException) {
                reply.problem(new ProblemException(
                        504, "webhook-timeout", "Gateway timeout", "the workflow did not answer in time; it goes on"));
            } else if (cause instanceof ProblemException p) {
                reply.problem(p);
            } else {
                json(reply, 500, "{\"message\":\"Error in workflow\"}");
            }
            return true;
        }
        if (result.status() == ExecutionStatus.ERROR || result.status() == ExecutionStatus.CANCELED) {
            json(reply, 500, "{\"message\":\"Error in workflow\"}");
            return true;
        }
        if (result.status() == ExecutionStatus.WAITING) {
            json(
                    reply,
                    202,
                    "{\"message\":\"Workflow is waiting\",\"executionId\":"
                            + Json.write(Json.toNode(result.executionId())) + "}");
            return true;
        }
        return false;
    }

    /**
     * n8n's {@code firstEntryJson}: the first item, or the field its Property Name option names (a lodash path) — a
     * text as text, anything else as JSON, nothing when the item has no such field.
     */
    private void firstEntry(WebhookReply reply, int code, Item first) {
        String path = e.options().responsePropertyName();
        if (path == null) {
            json(reply, code, Json.write(first.json()));
            return;
        }
        JsonNode value = WebhookProperties.responseProperty(first.json(), path);
        if (value == null || value.isMissingNode()) {
            send(reply, code, null, null);
        } else if (value.isTextual()) {
            send(reply, code, value.asText().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        } else {
            json(reply, code, Json.write(value));
        }
    }

    /** n8n's {@code firstEntryBinary}: the first item's binary field the node names ({@code data} unless set). */
    private void binary(WebhookReply reply, int code, List<Item> items) {
        if (items.isEmpty()) {
            json(reply, 500, "{\"message\":\"No item to return was found\"}");
            return;
        }
        String name = e.options().responseBinaryPropertyName();
        BinaryRef ref = items.getFirst().binary().get(name);
        if (ref == null) {
            json(
                    reply,
                    500,
                    Json.write(Json.object()
                            .put(
                                    "message",
                                    "The binary property '" + name + "' which should be returned does not exist")));
            return;
        }
        if (!binaries.isResolvable()) {
            json(reply, 500, "{\"message\":\"No binary data to return was found\"}");
            return;
        }
        try {
            send(
                    reply,
                    code,
                    binaries.get().read(ref),
                    ref.mimeType() == null ? "application/octet-stream" : ref.mimeType());
        } catch (IOException ex) {
            json(reply, 500, "{\"message\":\"No binary data to return was found\"}");
        }
    }

    private void json(WebhookReply reply, int code, String body) {
        send(reply, code, body.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }

    private void send(WebhookReply reply, int code, byte[] body, String contentType) {
        String type = e.options().responseContentType() != null && body != null
                ? e.options().responseContentType()
                : contentType;
        reply.send(code, e.options().responseHeaders(), body, type);
    }
}
