package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds one {@link HttpRequest} from the HTTP Request node's parameters for one item. */
final class HttpRequestBuilder {

    private final NodeContext ctx;
    private final int i;

    HttpRequestBuilder(NodeContext ctx, int itemIndex) {
        this.ctx = ctx;
        this.i = itemIndex;
    }

    HttpRequest build() {
        String method = ctx.param("method", i, String.class, "GET").toUpperCase(Locale.ROOT);
        String url = ctx.param("url", i, String.class);
        if (url == null || url.isBlank()) {
            throw NodeException.user("parameter 'url' is empty [item " + i + "]", i);
        }
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        if (ctx.param("sendQuery", i, Boolean.class, false)) {
            pairs("specifyQuery", "queryParameters", "jsonQuery").forEach((k, v) -> query.put(k, text(v)));
        }
        if (ctx.param("sendHeaders", i, Boolean.class, false)) {
            pairs("specifyHeaders", "headerParameters", "jsonHeaders").forEach((k, v) -> headers.put(k, text(v)));
        }
        auth(headers, query);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (ctx.param("sendBody", i, Boolean.class, false)) {
            body = body(headers);
        }
        URI uri = uri(url, query);
        long timeout = ctx.param("options.timeout", i, Long.class, 10_000L);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(Math.max(1, timeout)));
        headers.forEach((k, v) -> {
            try {
                b.setHeader(k, v);
            } catch (IllegalArgumentException e) {
                throw NodeException.user(
                        "header '" + k + "' cannot be sent: " + e.getMessage() + " [item " + i + "]", i);
            }
        });
        return b.method(method, body).build();
    }

    private URI uri(String url, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(url.strip());
        if (!query.isEmpty()) {
            sb.append(url.contains("?") ? '&' : '?');
            List<String> parts = new ArrayList<>();
            query.forEach((k, v) -> parts.add(enc(k) + "=" + enc(v)));
            sb.append(String.join("&", parts));
        }
        try {
            URI uri = URI.create(sb.toString());
            if (uri.getScheme() == null
                    || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
                throw new IllegalArgumentException("only http and https URLs are supported");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw NodeException.user(
                    "parameter 'url': invalid URL '" + url + "': " + e.getMessage() + " [item " + i + "]", i);
        }
    }

    private HttpRequest.BodyPublisher body(Map<String, String> headers) {
        String type = ctx.param("contentType", i, String.class, "json");
        String specify = ctx.param("specifyBody", i, String.class, "keypair");
        switch (type) {
            case "json" -> {
                JsonNode payload =
                        "json".equals(specify) ? jsonParam("jsonBody") : toObject(keypairs("bodyParameters"));
                headers.putIfAbsent("Content-Type", "application/json");
                return HttpRequest.BodyPublishers.ofString(Json.write(payload));
            }
            case "form-urlencoded" -> {
                headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
                if ("string".equals(specify)) {
                    return HttpRequest.BodyPublishers.ofString(ctx.param("body", i, String.class, ""));
                }
                Map<String, JsonNode> form =
                        "json".equals(specify) ? fields(jsonParam("jsonBody")) : keypairs("bodyParameters");
                List<String> parts = new ArrayList<>();
                form.forEach((k, v) -> parts.add(enc(k) + "=" + enc(text(v))));
                return HttpRequest.BodyPublishers.ofString(String.join("&", parts));
            }
            case "multipart-form-data" -> {
                String boundary = "----hetumind" + UUID.randomUUID().toString().replace("-", "");
                headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
                StringBuilder sb = new StringBuilder();
                keypairs("bodyParameters").forEach((k, v) -> sb.append("--")
                        .append(boundary)
                        .append("\r\n")
                        .append("Content-Disposition: form-data; name=\"")
                        .append(k.replace("\"", "%22"))
                        .append("\"\r\n\r\n")
                        .append(text(v))
                        .append("\r\n"));
                sb.append("--").append(boundary).append("--\r\n");
                return HttpRequest.BodyPublishers.ofString(sb.toString());
            }
            case "raw" -> {
                String ct = ctx.param("rawContentType", i, String.class, "");
                if (!ct.isBlank()) {
                    headers.putIfAbsent("Content-Type", ct);
                }
                return HttpRequest.BodyPublishers.ofString(ctx.param("body", i, String.class, ""));
            }
            default ->
                throw NodeException.user(
                        "parameter 'contentType': '" + type + "' is not supported (json, form-urlencoded,"
                                + " multipart-form-data, raw) [item " + i + "]",
                        i);
        }
    }

    private void auth(Map<String, String> headers, Map<String, String> query) {
        if (!"genericCredentialType".equals(ctx.param("authentication", i, String.class, "none"))) {
            return;
        }
        String kind = ctx.param("genericAuthType", i, String.class, "httpBasicAuth");
        ObjectNode cred = ctx.credentials(kind)
                .orElseThrow(() -> NodeException.user("credentials of type '" + kind + "' are not set", i));
        switch (kind) {
            case "httpBasicAuth" ->
                headers.put(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((cred.path("user").asText() + ":"
                                                        + cred.path("password").asText())
                                                .getBytes(StandardCharsets.UTF_8)));
            case "httpHeaderAuth" ->
                headers.put(cred.path("name").asText(), cred.path("value").asText());
            case "httpQueryAuth" ->
                query.put(cred.path("name").asText(), cred.path("value").asText());
            default -> throw NodeException.user("parameter 'genericAuthType': '" + kind + "' is not supported", i);
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
                        io.hetumind.core.spi.ErrorKind.USER,
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
        ObjectNode o = Json.object();
        map.forEach(o::set);
        return o;
    }

    private static String text(JsonNode v) {
        return Js.isNullish(v) ? "" : Js.toString(v, true);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
