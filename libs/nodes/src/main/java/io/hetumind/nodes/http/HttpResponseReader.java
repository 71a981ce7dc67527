package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns an HTTP response into output items per the node's response options. */
final class HttpResponseReader {

    private final String format;
    private final boolean fullResponse;
    private final boolean lowercaseHeaders;
    private final String property;

    HttpResponseReader(String format, boolean fullResponse, boolean lowercaseHeaders, String property) {
        this.format = format;
        this.fullResponse = fullResponse;
        this.lowercaseHeaders = lowercaseHeaders;
        this.property = property == null || property.isBlank() ? "data" : property;
    }

    List<Item> read(HttpResponse<String> response, int itemIndex) {
        String contentType =
                response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        JsonNode body = body(response.body(), contentType, itemIndex);
        List<Item> out = new ArrayList<>();
        PairedItem paired = new PairedItem(itemIndex, 0);
        if (fullResponse) {
            ObjectNode json = Json.object();
            json.set("body", body);
            json.set("headers", headers(response));
            json.put("statusCode", response.statusCode());
            json.put("statusMessage", HttpStatus.reason(response.statusCode()));
            out.add(new Item(json, null, paired));
            return out;
        }
        if (body.isArray()) {
            for (JsonNode e : body) {
                out.add(new Item(wrap(e), null, paired));
            }
            return out;
        }
        out.add(new Item(wrap(body), null, paired));
        return out;
    }

    private ObjectNode wrap(JsonNode v) {
        if (v.isObject()) {
            return (ObjectNode) v;
        }
        ObjectNode o = Json.object();
        o.set(property, v);
        return o;
    }

    private JsonNode body(String text, String contentType, int itemIndex) {
        switch (format) {
            case "text" -> {
                return Json.F.textNode(text);
            }
            case "json" -> {
                if (text.isBlank()) {
                    return Json.object();
                }
                try {
                    return Json.parse(text);
                } catch (IllegalArgumentException e) {
                    throw NodeException.user(
                            "Response body is not valid JSON. Change \"Response Format\" to" + " \"Text\" [item "
                                    + itemIndex + "]",
                            itemIndex);
                }
            }
            case "autodetect" -> {
                if (contentType.contains("json") && !text.isBlank()) {
                    try {
                        return Json.parse(text);
                    } catch (IllegalArgumentException e) {
                        return Json.F.textNode(text);
                    }
                }
                return Json.F.textNode(text);
            }
            default ->
                throw NodeException.user(
                        "option 'responseFormat': '" + format + "' is not supported here (autodetect, json, text);"
                                + " file responses need a binary data store [item " + itemIndex + "]",
                        itemIndex);
        }
    }

    private ObjectNode headers(HttpResponse<String> response) {
        ObjectNode h = Json.object();
        response.headers().map().forEach((k, values) -> {
            String key = lowercaseHeaders ? k.toLowerCase(Locale.ROOT) : k;
            h.put(key, String.join(", ", values));
        });
        return h;
    }
}
