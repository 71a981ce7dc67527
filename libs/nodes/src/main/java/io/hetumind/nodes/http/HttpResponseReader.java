package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns HTTP responses into output items per the node's response options (json, text, file, full response). */
final class HttpResponseReader {

    /** A decoded response: {@code format} is json, text or file; {@code body} is null for a file. */
    record Page(HttpReply reply, String format, JsonNode body, BinaryRef file) {}

    private static final List<String> BINARY_TYPES = List.of(
            "image/",
            "audio/",
            "video/",
            "application/octet-stream",
            "application/gzip",
            "application/zip",
            "application/pdf",
            "application/x-tar",
            "application/x-7z-compressed",
            "application/vnd.rar",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats");

    private final String format;
    private final boolean fullResponse;
    private final boolean lowercaseHeaders;
    private final String property;
    private final BinaryStore store;
    private final String executionId;

    HttpResponseReader(
            String format,
            boolean fullResponse,
            boolean lowercaseHeaders,
            String property,
            BinaryStore store,
            String executionId) {
        this.format = format;
        this.fullResponse = fullResponse;
        this.lowercaseHeaders = lowercaseHeaders;
        this.property = property == null || property.isBlank() ? "data" : property;
        this.store = store;
        this.executionId = executionId;
    }

    Page decode(HttpReply reply, int i) {
        String contentType = reply.contentType();
        String fmt = format;
        if ("autodetect".equals(fmt)) {
            fmt = contentType.contains("json")
                    ? "json"
                    : store != null && BINARY_TYPES.stream().anyMatch(contentType::contains) ? "file" : "text";
        }
        switch (fmt) {
            case "file" -> {
                return new Page(reply, "file", null, store(reply, i));
            }
            case "text" -> {
                // n8n keeps no body for an empty text response: the item is {} (a full response has no data key)
                String text = Charsets.decode(reply.body(), contentType);
                return new Page(reply, "text", text.isEmpty() ? null : Json.F.textNode(text), null);
            }
            case "json" -> {
                String text = Charsets.decode(reply.body(), contentType);
                if (text.isBlank()) {
                    return new Page(
                            reply, "json", "autodetect".equals(format) ? Json.F.textNode(text) : Json.object(), null);
                }
                try {
                    return new Page(reply, "json", Json.parse(text), null);
                } catch (IllegalArgumentException e) {
                    if ("autodetect".equals(format)) {
                        return new Page(reply, "text", Json.F.textNode(text), null);
                    }
                    throw NodeException.user(
                            "Response body is not valid JSON. Change \"Response Format\" to" + " \"Text\" [item " + i
                                    + "]",
                            i);
                }
            }
            default ->
                throw NodeException.user(
                        "option 'responseFormat': '" + format
                                + "' is not supported (autodetect, json, text, file) [item " + i + "]",
                        i);
        }
    }

    /** Items for the pages of one input item; a paginated full response reports no status message, as n8n. */
    List<Item> items(List<Page> pages, boolean paginated, int i) {
        List<Item> out = new ArrayList<>();
        PairedItem paired = new PairedItem(i, 0);
        for (Page page : pages) {
            Map<String, BinaryRef> binary = page.file() == null ? null : Map.of(property, page.file());
            if (fullResponse) {
                ObjectNode json = Json.object();
                if (page.body() != null) {
                    json.set("json".equals(page.format()) ? "body" : property, page.body());
                }
                json.set("headers", headers(page.reply()));
                json.put("statusCode", page.reply().status());
                if (paginated) {
                    json.putNull("statusMessage");
                } else {
                    json.put("statusMessage", HttpStatus.reason(page.reply().status()));
                }
                out.add(new Item(json, binary, paired));
            } else if (page.file() != null) {
                out.add(new Item(Json.object(), binary, paired));
            } else if (page.body() == null) {
                out.add(new Item(Json.object(), null, paired));
            } else if (page.body().isArray()) {
                page.body().forEach(e -> out.add(new Item(wrap(e), null, paired)));
            } else {
                out.add(new Item(wrap(page.body()), null, paired));
            }
        }
        return out;
    }

    /** The response as {@code $response} in pagination expressions. */
    JsonNode expressionView(Page page) {
        ObjectNode o = Json.object();
        o.set("body", page.body() == null ? Json.object() : page.body());
        o.set("headers", headers(page.reply()));
        o.put("statusCode", page.reply().status());
        return o;
    }

    private BinaryRef store(HttpReply reply, int i) {
        if (store == null) {
            throw NodeException.user(
                    "option 'responseFormat': 'file' needs a binary data store, and none is configured [item " + i
                            + "]",
                    i);
        }
        String fileName = FileNames.fileName(reply);
        try {
            return store.put(
                    executionId, new ByteArrayInputStream(reply.body()), FileNames.mimeType(reply, fileName), fileName);
        } catch (IOException e) {
            throw new NodeException(
                    ErrorKind.OPERATIONAL,
                    "The response could not be stored as a file: " + e.getMessage() + " [item " + i + "]",
                    i,
                    null,
                    e);
        }
    }

    private ObjectNode wrap(JsonNode v) {
        if (v.isObject()) {
            return (ObjectNode) v;
        }
        ObjectNode o = Json.object();
        o.set(property, v);
        return o;
    }

    private ObjectNode headers(HttpReply reply) {
        ObjectNode h = Json.object();
        reply.headers().forEach((k, values) -> {
            if (!k.startsWith(":")) {
                h.put(lowercaseHeaders ? k.toLowerCase(Locale.ROOT) : k, String.join(", ", values));
            }
        });
        return h;
    }
}
