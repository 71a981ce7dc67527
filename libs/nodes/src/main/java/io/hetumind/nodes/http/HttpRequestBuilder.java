package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the {@link RequestSpec} for one item from the HTTP Request node's v3/v4 parameters. */
final class HttpRequestBuilder {

    private final NodeContext ctx;
    private final int i;

    HttpRequestBuilder(NodeContext ctx, int itemIndex) {
        this.ctx = ctx;
        this.i = itemIndex;
    }

    RequestSpec build() {
        RequestSpec spec = new RequestSpec();
        spec.method = ctx.param("method", i, String.class, "GET").toUpperCase(Locale.ROOT);
        String url = ctx.param("url", i, String.class);
        if (url == null || url.isBlank()) {
            throw NodeException.user("parameter 'url' is empty [item " + i + "]", i);
        }
        spec.url = url.strip();
        if (ctx.param("sendQuery", i, Boolean.class, false)) {
            pairs("specifyQuery", "queryParameters", "jsonQuery").forEach((k, v) -> spec.query.put(k, text(v)));
        }
        if (ctx.param("sendHeaders", i, Boolean.class, false)) {
            pairs("specifyHeaders", "headerParameters", "jsonHeaders").forEach((k, v) -> spec.header(k, text(v)));
        }
        if (ctx.param("sendBody", i, Boolean.class, false)) {
            body(spec);
        }
        try {
            String scheme = spec.uri().getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("only http and https URLs are supported");
            }
        } catch (IllegalArgumentException e) {
            throw NodeException.user(
                    "parameter 'url': invalid URL '" + url + "': " + e.getMessage() + " [item " + i + "]", i);
        }
        return spec;
    }

    private void body(RequestSpec spec) {
        String type = ctx.param("contentType", i, String.class, "json");
        String specify = ctx.param("specifyBody", i, String.class, "keypair");
        switch (type) {
            case "json" -> {
                spec.kind = RequestSpec.BodyKind.JSON;
                spec.json = "json".equals(specify) ? jsonParam("jsonBody") : toObject(keypairs("bodyParameters"));
            }
            case "form-urlencoded" -> {
                if ("string".equals(specify)) {
                    spec.kind = RequestSpec.BodyKind.RAW;
                    spec.raw = ctx.param("body", i, String.class, "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    spec.headerIfAbsent("Content-Type", "application/x-www-form-urlencoded");
                    return;
                }
                spec.kind = RequestSpec.BodyKind.FORM;
                Map<String, JsonNode> form =
                        "json".equals(specify) ? fields(jsonParam("jsonBody")) : keypairs("bodyParameters");
                form.forEach((k, v) -> spec.form.put(k, text(v)));
            }
            case "multipart-form-data" -> multipart(spec);
            case "raw" -> {
                spec.kind = RequestSpec.BodyKind.RAW;
                String ct = ctx.param("rawContentType", i, String.class, "");
                if (!ct.isBlank()) {
                    spec.headerIfAbsent("Content-Type", ct);
                }
                spec.raw = ctx.param("body", i, String.class, "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            case "binaryData" -> {
                String field = ctx.param("inputDataFieldName", i, String.class, "data");
                BinaryRef ref = binary(field, "inputDataFieldName");
                spec.kind = RequestSpec.BodyKind.RAW;
                spec.raw = read(ref, "inputDataFieldName");
                spec.headerIfAbsent(
                        "Content-Type", ref.mimeType() == null ? "application/octet-stream" : ref.mimeType());
            }
            default ->
                throw NodeException.user(
                        "parameter 'contentType': '" + type + "' is not supported (json, form-urlencoded,"
                                + " multipart-form-data, raw, binaryData) [item " + i + "]",
                        i);
        }
    }

    private void multipart(RequestSpec spec) {
        spec.kind = RequestSpec.BodyKind.MULTIPART;
        JsonNode tree = ctx.paramTree("bodyParameters", i);
        JsonNode list = tree == null ? null : tree.get("parameters");
        if (list == null || !list.isArray()) {
            return;
        }
        for (JsonNode p : list) {
            String name = Js.isNullish(p.get("name")) ? "" : Js.toString(p.get("name"), true);
            if (name.isEmpty()) {
                continue;
            }
            if ("formBinaryData".equals(p.path("parameterType").asText())) {
                String field = p.path("inputDataFieldName").asText("data");
                BinaryRef ref = binary(field, "bodyParameters.inputDataFieldName");
                spec.parts.add(new RequestSpec.Part(
                        name, null, read(ref, "bodyParameters.inputDataFieldName"), ref.fileName(), ref.mimeType()));
            } else {
                spec.form.put(name, text(p.get("value")));
            }
        }
    }

    private BinaryRef binary(String field, String param) {
        Item item = i < ctx.items().size() ? ctx.items().get(i) : Item.empty();
        BinaryRef ref = item.binary().get(field);
        if (ref == null) {
            throw NodeException.user(
                    "parameter '" + param + "': the item has no binary property '" + field + "' [item " + i + "]", i);
        }
        return ref;
    }

    private byte[] read(BinaryRef ref, String param) {
        BinaryStore store = ctx.service(BinaryStore.class)
                .orElseThrow(() -> NodeException.user(
                        "parameter '" + param + "': no binary data store is configured [item " + i + "]", i));
        try {
            return store.read(ref);
        } catch (IOException e) {
            throw new NodeException(
                    ErrorKind.OPERATIONAL,
                    "parameter '" + param + "': binary data could not be read: " + e.getMessage() + " [item " + i + "]",
                    i,
                    null,
                    e);
        }
    }

    private Map<String, JsonNode> pairs(String specifyParam, String listParam, String jsonParam) {
        return "json".equals(ctx.param(specifyParam, i, String.class, "keypair"))
                ? fields(jsonParam(jsonParam))
                : keypairs(listParam);
    }

    private Map<String, JsonNode> keypairs(String listParam) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode tree = ctx.paramTree(listParam, i);
        JsonNode list = tree == null ? null : tree.get("parameters");
        if (list != null && list.isArray()) {
            for (JsonNode p : list) {
                String name = Js.isNullish(p.get("name")) ? "" : Js.toString(p.get("name"), true);
                if (!name.isEmpty()) {
                    out.put(name, p.has("value") ? p.get("value") : Json.F.textNode(""));
                }
            }
        }
        return out;
    }

    private JsonNode jsonParam(String name) {
        JsonNode v = ctx.paramTree(name, i);
        if (v == null || (v.isTextual() && v.textValue().isBlank())) {
            return Json.object();
        }
        if (v.isTextual()) {
            try {
                return Json.parse(v.textValue());
            } catch (IllegalArgumentException e) {
                throw new NodeException(
                        ErrorKind.USER,
                        "JSON parameter needs to be valid JSON",
                        i,
                        "parameter '" + name + "': " + e.getMessage(),
                        e);
            }
        }
        return v;
    }

    private Map<String, JsonNode> fields(JsonNode obj) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (!obj.isObject()) {
            throw NodeException.user("JSON parameter needs to be an object [item " + i + "]", i);
        }
        obj.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode toObject(Map<String, JsonNode> map) {
        var o = Json.object();
        map.forEach(o::set);
        return o;
    }

    static String text(JsonNode v) {
        return Js.isNullish(v) ? "" : Js.toString(v, true);
    }
}
