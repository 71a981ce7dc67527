package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.platform.problem.ProblemException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP request into what the Webhook node emits, n8n's shape: {@code {headers, params, query, body}} (header
 * names lower case, repeated query or form keys as arrays), plus the files of a multipart body or, with the rawBody
 * option, the body itself, to be stored as binary attachments.
 */
final class WebhookInput {
    /** A file (or the raw body) to attach to the item. */
    record Upload(String property, String fileName, String mimeType, byte[] data) {}

    /** The item's JSON and its attachments. */
    record Parsed(ObjectNode json, List<Upload> uploads) {}

    private WebhookInput() {}

    static Parsed parse(
            Iterable<Map.Entry<String, String>> headers,
            String query,
            Map<String, String> params,
            String contentType,
            byte[] body,
            WebhookEndpoint.Options options) {
        ObjectNode json = Json.object();
        ObjectNode h = json.putObject("headers");
        for (Map.Entry<String, String> e : headers) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            JsonNode prior = h.get(name);
            h.put(name, prior == null ? e.getValue() : prior.asText() + ", " + e.getValue());
        }
        ObjectNode p = json.putObject("params");
        params.forEach(p::put);
        json.set(
                "query",
                query == null || query.isEmpty()
                        ? Json.object()
                        : pairs(new QueryStringDecoder(query, false).parameters()));
        List<Upload> uploads = new ArrayList<>();
        String type = mediaType(contentType);
        if (options.rawBody()) {
            uploads.add(new Upload(
                    options.binaryPropertyName(), null, type.isEmpty() ? "application/octet-stream" : type, body));
            json.set("body", Json.object());
        } else if (body.length == 0) {
            json.set("body", Json.object());
        } else if (type.equals("application/json") || type.endsWith("+json")) {
            json.set("body", json(body, charset(contentType)));
        } else if (type.equals("application/x-www-form-urlencoded")) {
            json.set("body", pairs(new QueryStringDecoder(new String(body, charset(contentType)), false).parameters()));
        } else if (type.equals("multipart/form-data")) {
            json.set("body", multipart(contentType, body, uploads));
        } else if (type.startsWith("text/") || type.endsWith("/xml") || type.endsWith("+xml")) {
            json.put("body", new String(body, charset(contentType)));
        } else {
            // n8n keeps bodies of other types only with the rawBody option
            json.set("body", Json.object());
        }
        return new Parsed(json, uploads);
    }

    private static JsonNode json(byte[] body, Charset charset) {
        try {
            return Json.parse(new String(body, charset));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("malformed-body", "the JSON body cannot be parsed: " + e.getMessage());
        }
    }

    private static ObjectNode pairs(Map<String, List<String>> params) {
        ObjectNode out = Json.object();
        params.forEach((k, values) -> {
            if (values.size() == 1) {
                out.put(k, values.getFirst());
            } else {
                ArrayNode a = out.putArray(k);
                values.forEach(a::add);
            }
        });
        return out;
    }

    private static ObjectNode multipart(String contentType, byte[] body, List<Upload> uploads) {
        DefaultFullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        request.headers().set("content-type", contentType);
        request.headers().set("content-length", body.length);
        HttpPostRequestDecoder decoder = null;
        ObjectNode fields = Json.object();
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8);
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload f) {
                    uploads.add(new Upload(f.getName(), f.getFilename(), f.getContentType(), f.get()));
                } else if (data instanceof Attribute a) {
                    JsonNode prior = fields.get(a.getName());
                    if (prior == null) {
                        fields.put(a.getName(), a.getValue());
                    } else if (prior.isArray()) {
                        ((ArrayNode) prior).add(a.getValue());
                    } else {
                        fields.putArray(a.getName()).add(prior).add(a.getValue());
                    }
                }
            }
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException
                | HttpPostRequestDecoder.NotEnoughDataDecoderException
                | IOException e) {
            throw ProblemException.badRequest("malformed-body", "the multipart body cannot be read: " + e.getMessage());
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
            request.release();
        }
        return fields;
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String t = part.trim();
                if (t.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(t.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        throw ProblemException.badRequest("malformed-body", "unknown charset '" + t.substring(8) + "'");
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
