package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@link RequestSpec} for one item from the HTTP Request node's v3/v4 parameters. */
final class HttpRequestBuilder {

    private final NodeContext ctx;
    private final int i;
    private final double version;

    HttpRequestBuilder(NodeContext ctx, int itemIndex) {
        this.ctx = ctx;
        this.i = itemIndex;
        this.version = ctx.node().typeVersion();
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
            spec.query.putAll(pairs("specifyQuery", "queryParameters", "jsonQuery"));
            // n8n reads only a format the user chose (the option's own default, brackets, is never filled in)
            String p = "options.queryParameterArrays";
            String arrays = ctx.rawParam(p) == null ? "" : ctx.param(p, i, String.class, "");
            // n8n-core honours repeat and brackets; any other value leaves qs's default, indices
            if (arrays.equals("repeat") || arrays.equals("brackets")) {
                spec.arrayFormat = arrays;
            }
        }
        if (ctx.param("sendHeaders", i, Boolean.class, false)) {
            // n8n lowercases the names unless lowercaseHeaders is off; only an exact "Authorization" follows a redirect
            boolean lower = ctx.param("options.lowercaseHeaders", i, Boolean.class, true);
            pairs("specifyHeaders", "headerParameters", "jsonHeaders")
                    .forEach((k, v) -> spec.header(lower ? k.toLowerCase(Locale.ROOT) : k, header(v)));
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
                spec.json = "json".equals(specify) ? jsonParam("jsonBody") : jsonKeypairs();
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
                for (Map.Entry<String, String> e : QueryStrings.qsEntries(form, "indices")) {
                    spec.form.put(e.getKey(), e.getValue());
                }
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
        // From 4.2 every field is appended in order (form-data); before, a later field of the same name wins.
        Map<String, RequestSpec.Part> byName = new LinkedHashMap<>();
        for (JsonNode p : list) {
            String name = Js.isNullish(p.get("name")) ? "" : Js.toString(p.get("name"), true);
            if (name.isEmpty()) {
                continue;
            }
            RequestSpec.Part part;
            if ("formBinaryData".equals(p.path("parameterType").asText())) {
                String field = p.path("inputDataFieldName").asText("data");
                BinaryRef ref = binary(field, "bodyParameters.inputDataFieldName");
                part = new RequestSpec.Part(
                        name, null, read(ref, "bodyParameters.inputDataFieldName"), ref.fileName(), ref.mimeType());
            } else {
                part = new RequestSpec.Part(name, text(p.get("value")), null, null, null);
            }
            if (version >= 4.2) {
                spec.parts.add(part);
            } else {
                byName.put(name, part);
            }
        }
        spec.parts.addAll(byName.values());
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

    /**
     * Name/value rows as one object. Before 4.3 a later row of the same name replaces the earlier
     * value; from 4.3 the values of a repeated name are collected into an array ({@code a=1&a=2}).
     */
    private Map<String, JsonNode> keypairs(String listParam) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode p : rows(listParam)) {
            String name = Js.isNullish(p.get("name")) ? "" : Js.toString(p.get("name"), true);
            if (name.isEmpty()) {
                continue;
            }
            JsonNode value = p.has("value") ? p.get("value") : Json.F.textNode("");
            JsonNode before = out.get(name);
            if (version < 4.3 || before == null) {
                out.put(name, value);
            } else if (before.isArray()) {
                // as n8n, which pushes onto the array it holds, even one a row's value gave
                out.put(name, ((ArrayNode) before.deepCopy()).add(value));
            } else {
                out.put(name, Json.F.arrayNode().add(before).add(value));
            }
        }
        return out;
    }

    /** From v4 JSON body rows are set by path, as lodash's {@code set}: {@code a.b} nests. */
    private JsonNode jsonKeypairs() {
        if (version < 4) {
            return toObject(keypairs("bodyParameters"));
        }
        ObjectNode out = Json.object();
        for (JsonNode p : rows("bodyParameters")) {
            String name = Js.isNullish(p.get("name")) ? "" : Js.toString(p.get("name"), true);
            if (!name.isEmpty()) {
                JsonPaths.set(out, name, p.has("value") ? p.get("value") : Json.F.textNode(""), true);
            }
        }
        return out;
    }

    private List<JsonNode> rows(String listParam) {
        JsonNode tree = ctx.paramTree(listParam, i);
        JsonNode list = tree == null ? null : tree.get("parameters");
        List<JsonNode> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(out::add);
        }
        return out;
    }

    /** A header value; an array (a repeated header name from 4.3) becomes one comma-separated field. */
    private static String header(JsonNode v) {
        if (v != null && v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(text(e)));
            return String.join(", ", parts);
        }
        return text(v);
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

    private static ObjectNode toObject(Map<String, JsonNode> map) {
        var o = Json.object();
        map.forEach(o::set);
        return o;
    }

    static String text(JsonNode v) {
        return Js.isNullish(v) ? "" : Js.toString(v, true);
    }
}
