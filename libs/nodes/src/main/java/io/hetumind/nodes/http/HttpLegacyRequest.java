package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.files.BinaryFiles;
import io.hetumind.nodes.internal.Js;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The request of one input item for HTTP Request v1/v2, whose parameters n8n later reshaped for v3. */
final class HttpLegacyRequest {

    private static final Set<String> BODY_METHODS = Set.of("PATCH", "POST", "PUT");

    private final NodeContext ctx;
    private final int i;
    private final HttpAuth auth;

    HttpLegacyRequest(NodeContext ctx, int i, HttpAuth auth) {
        this.ctx = ctx;
        this.i = i;
        this.auth = auth;
    }

    List<Item> run() throws InterruptedException {
        String format = ctx.param("responseFormat", i, String.class, "json");
        RequestSpec spec = build(format);
        boolean full = ctx.param("options.fullResponse", i, Boolean.class, false);
        String property = ctx.param("dataPropertyName", i, String.class, "data");
        HttpItemRequest sender = new HttpItemRequest(ctx, i, auth, settings(spec.method));
        HttpReply reply = sender.exchange(spec);
        if (reply.status() >= 300 && !ctx.param("options.ignoreResponseCode", i, Boolean.class, false)) {
            throw HttpStatus.error(reply.status(), Charsets.decode(reply.body(), reply.contentType()), i);
        }
        HttpResponseReader reader = new HttpResponseReader(
                switch (format) {
                    case "file" -> "file";
                    case "string" -> "text";
                    default -> "json";
                },
                full,
                true,
                "file".equals(format) || "string".equals(format) ? property : "data",
                ctx.service(BinaryStore.class).orElse(null),
                ctx.executionId());
        HttpResponseReader.Page page = reader.decode(reply, i);
        Item input = ctx.items().get(i);
        if ("json".equals(format)
                && !full
                && page.body().isArray()
                && !ctx.param("options.splitIntoItems", i, Boolean.class, false)) {
            // v1/v2 emit an array response as one item, which JavaScript reads by index
            ObjectNode byIndex = Json.object();
            for (int k = 0; k < page.body().size(); k++) {
                byIndex.set(Integer.toString(k), page.body().get(k));
            }
            return List.of(new Item(byIndex, null, new PairedItem(i, 0)));
        }
        List<Item> items = reader.items(List.of(page), false, i);
        if (!"file".equals(format)) {
            return items;
        }
        // a downloaded file joins the input item's files; without a full response the input JSON stays too
        Item file = items.getFirst();
        Map<String, BinaryRef> binary = new HashMap<>(input.binary());
        binary.putAll(file.binary());
        return List.of(new Item(full ? file.json() : input.json(), binary, new PairedItem(i, 0)));
    }

    private HttpTransport.Settings settings(String method) {
        long timeout = ctx.rawParam("options.timeout") == null
                ? 3_600_000L
                : ctx.param("options.timeout", i, Long.class, 3_600_000L);
        boolean follow = method.equals("GET") || method.equals("HEAD")
                ? ctx.param("options.followRedirect", i, Boolean.class, true)
                : ctx.param("options.followAllRedirects", i, Boolean.class, false);
        String proxy = ctx.rawParam("options.proxy") == null ? "" : ctx.param("options.proxy", i, String.class, "");
        return new HttpTransport.Settings(
                Duration.ofMillis(Math.max(1, timeout)),
                follow,
                10,
                proxy,
                ctx.param("allowUnauthorizedCerts", i, Boolean.class, false),
                // n8n's v1-v3 send credentials to any origin a redirect leads to; a security hole, not matched
                false);
    }

    private RequestSpec build(String format) {
        RequestSpec spec = new RequestSpec();
        spec.method = ctx.param("requestMethod", i, String.class, "GET").toUpperCase(Locale.ROOT);
        String url = ctx.param("url", i, String.class, "");
        if (url.isBlank()) {
            throw NodeException.user("parameter 'url' is empty [item " + i + "]", i);
        }
        String contentType = ctx.param("options.bodyContentType", i, String.class, "json");
        boolean raw = "raw".equals(contentType);
        Map<String, JsonNode> query = new LinkedHashMap<>();
        JsonNode body = null;
        if (ctx.param("jsonParameters", i, Boolean.class, false)) {
            // n8n's Send Binary File: the item's file is the body and the JSON body parameters are not read
            body = ctx.param("sendBinaryData", i, Boolean.class, false)
                    ? binaryBody(spec, contentType)
                    : jsonParameter("bodyParametersJson", "Body Parameters", raw);
            JsonNode headers = jsonParameter("headerParametersJson", "Headers", false);
            if (headers != null) {
                headers.properties().forEach(e -> spec.header(e.getKey(), Js.toString(e.getValue(), true)));
            }
            JsonNode qs = jsonParameter("queryParametersJson", "Query Parameters", false);
            if (qs != null) {
                qs.properties().forEach(e -> query.put(e.getKey(), e.getValue()));
            }
        } else {
            body = uiParameters("bodyParametersUi", (o, name, value) -> o.set(name, value));
            uiParameters(
                    "headerParametersUi",
                    (o, name, value) -> spec.header(name.toLowerCase(Locale.ROOT), Js.toString(value, true)));
            uiParameters("queryParametersUi", (o, name, value) -> query.merge(name, value, HttpLegacyRequest::repeat));
        }
        spec.url = url.strip()
                + QueryStrings.encode(url, query, ctx.param("options.useQueryString", i, Boolean.class, false));
        body(spec, body, contentType);
        String custom = ctx.param("options.bodyContentCustomMimeType", i, String.class, "");
        if (!custom.isEmpty()) {
            spec.header("Content-Type", custom);
        }
        if (spec.header("accept") == null) {
            spec.header(
                    "accept",
                    switch (format) {
                        case "json" -> "application/json,text/*;q=0.99";
                        case "string" ->
                            "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1";
                        default ->
                            "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9,"
                                    + " image/*;q=0.8, */*;q=0.7";
                    });
        }
        return spec;
    }

    private void body(RequestSpec spec, JsonNode body, String contentType) {
        if (body == null) {
            return;
        }
        if (body.isTextual() && "raw".equals(contentType)) {
            spec.kind = RequestSpec.BodyKind.RAW;
            spec.raw = body.textValue().getBytes(StandardCharsets.UTF_8);
        } else if (BODY_METHODS.contains(spec.method) && "multipart-form-data".equals(contentType)) {
            spec.kind = RequestSpec.BodyKind.MULTIPART;
            body.properties().forEach(e -> spec.form.put(e.getKey(), Js.toString(e.getValue(), true)));
        } else if (BODY_METHODS.contains(spec.method) && "form-urlencoded".equals(contentType)) {
            spec.kind = RequestSpec.BodyKind.FORM;
            body.properties().forEach(e -> spec.form.put(e.getKey(), Js.toString(e.getValue(), true)));
        } else {
            spec.kind = RequestSpec.BodyKind.JSON;
            spec.json = body;
        }
    }

    /**
     * n8n v1/v2's Send Binary File: with Body Content Type RAW the named file is the body; with FORM-DATA/MULTIPART
     * each {@code key:field} pair (or one field, sent as {@code file}) is a file part with its name and type. Returns
     * null: no other body.
     */
    private JsonNode binaryBody(RequestSpec spec, String contentType) {
        if (!contentType.equals("raw") && !contentType.equals("multipart-form-data")) {
            throw NodeException.user(
                    "Sending binary data is only supported when option \"Body Content Type\" is set to \"RAW/CUSTOM\""
                            + " or \"FORM-DATA/MULTIPART\"!",
                    i);
        }
        String names = ctx.param("binaryPropertyName", i, String.class, "data");
        Item item = ctx.items().get(i);
        try {
            if (contentType.equals("raw")) {
                spec.kind = RequestSpec.BodyKind.RAW;
                spec.raw = BinaryFiles.read(ctx, i, item, names);
                return null;
            }
            List<String> pairs =
                    List.of(names.split(",")).stream().map(String::trim).toList();
            spec.kind = RequestSpec.BodyKind.MULTIPART;
            for (String pair : pairs) {
                String key = "file";
                String field = pair;
                if (pair.contains(":")) {
                    key = pair.substring(0, pair.indexOf(':'));
                    field = pair.substring(pair.indexOf(':') + 1);
                } else if (pairs.size() > 1) {
                    throw NodeException.user(
                            "If more than one property should be send it is needed to define the in the"
                                    + " format:<code>\"sendKey1:binaryProperty1,sendKey2:binaryProperty2\"</code>",
                            i);
                }
                byte[] bytes = BinaryFiles.read(ctx, i, item, field);
                BinaryRef ref = item.binary().get(field);
                spec.parts.add(new RequestSpec.Part(key, null, bytes, ref.fileName(), ref.mimeType()));
            }
            return null;
        } catch (IOException e) {
            throw NodeException.operational("the file to send could not be read: " + e.getMessage(), e);
        }
    }

    /** A JSON parameter: an object as given, text parsed as JSON (kept as text when {@code keepText}); null if empty. */
    private JsonNode jsonParameter(String name, String label, boolean keepText) {
        JsonNode v = ctx.paramTree(name, i);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
            return null;
        }
        if (!v.isTextual() || keepText) {
            return v;
        }
        try {
            return Json.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw NodeException.user(
                    "The data in \"" + label + "\" is no valid JSON. Set Body Content Type to"
                            + " \"RAW/Custom\" for XML or other types of payloads [item " + i + "]",
                    i);
        }
    }

    private interface Sink {
        void put(ObjectNode target, String name, JsonNode value);
    }

    /** {@code {parameter: [{name, value}]}} fed to {@code sink}; returns the collected object, or null if absent. */
    private ObjectNode uiParameters(String name, Sink sink) {
        JsonNode tree = ctx.paramTree(name, i);
        if (tree == null || !tree.has("parameter")) {
            return null;
        }
        ObjectNode out = Json.object();
        List<JsonNode> list = new ArrayList<>();
        tree.get("parameter").forEach(list::add);
        for (JsonNode p : list) {
            sink.put(out, p.path("name").asText(""), p.has("value") ? p.get("value") : Json.F.textNode(""));
        }
        return out;
    }

    private static JsonNode repeat(JsonNode old, JsonNode added) {
        var arr = old.isArray()
                ? ((com.fasterxml.jackson.databind.node.ArrayNode) old).deepCopy()
                : Json.array().add(old);
        return arr.add(added);
    }
}
