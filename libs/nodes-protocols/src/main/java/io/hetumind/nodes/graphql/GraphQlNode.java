package io.hetumind.nodes.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.http.HttpCall;
import io.hetumind.nodes.internal.PerItem;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GraphQL (n8n v1, v1.1): one request per item over HTTP POST (JSON or raw GraphQL body) or GET
 * ({@code ?query=}), sent through the HTTP Request node's transport, so the network policy and
 * the credentials work the same way. A reply with {@code errors} fails the item with their
 * messages; as in n8n, when the node continues on failure the reply's data is still emitted and
 * the error item comes after it.
 */
public final class GraphQlNode implements NodeType {

    public static final String TYPE = "hetumind.graphql";

    private static final NodeDescriptor DESCRIPTOR = GraphQlDescriptor.build();

    /** n8n's authentication values and the credential type each one uses. */
    private static final Map<String, String> CREDENTIALS = Map.of(
            "basicAuth", "httpBasicAuth",
            "customAuth", "httpCustomAuth",
            "digestAuth", "httpDigestAuth",
            "headerAuth", "httpHeaderAuth",
            "queryAuth", "httpQueryAuth",
            "oAuth2", "oAuth2Api");

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        String authentication = ctx.param("authentication", 0, String.class, "none");
        if (!authentication.equals("none") && !CREDENTIALS.containsKey(authentication)) {
            throw NodeException.user("parameter 'authentication': '" + authentication
                    + "' is not supported here (none, basicAuth, customAuth, digestAuth, headerAuth, queryAuth,"
                    + " oAuth2)");
        }
        String responseFormat = ctx.param("responseFormat", 0, String.class, "json");
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Secrets secrets = Secrets.NONE;
            try {
                HttpCall call = request(ctx, i, authentication);
                secrets = call.secrets();
                HttpCall.Reply reply = call.send();
                JsonNode response = read(ctx, i, reply, format(ctx, i).equals("json"), responseFormat, out);
                failOnErrors(response, reply, i);
            } catch (NodeException e) {
                NodeException safe = secrets.redact(e);
                if (!ctx.continueOnFail()) {
                    throw safe;
                }
                errors.add(PerItem.errorItem(safe.getMessage(), i));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static HttpCall request(NodeContext ctx, int i, String authentication) {
        String method = ctx.param("requestMethod", i, String.class, "POST").toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            throw NodeException.user(
                    "parameter 'requestMethod': '" + method + "' is not supported (GET, POST) [item " + i + "]", i);
        }
        String endpoint = endpoint(ctx.param("endpoint", i, String.class, ""), i);
        String format = format(ctx, i);
        // Custom Auth's body fields go under the node's query, variables and operationName, as in n8n
        HttpCall call = HttpCall.of(ctx, i, "GraphQL", method, endpoint)
                .ownBodyFieldsWin()
                .insecure(ctx.param("allowUnauthorizedCerts", i, Boolean.class, false))
                .header("content-type", "application/" + format);
        JsonNode headers = ctx.paramTree("headerParametersUi", i);
        if (headers != null && headers.path("parameter").isArray()) {
            for (JsonNode h : headers.get("parameter")) {
                String name = h.path("name").asText("");
                if (!name.isEmpty()) {
                    call.header(
                            name,
                            h.path("value").isTextual()
                                    ? h.get("value").asText()
                                    : h.path("value").toString());
                }
            }
        }
        if (!authentication.equals("none")) {
            call.credential(CREDENTIALS.get(authentication));
        }
        String query = ctx.param("query", i, String.class, "");
        if (method.equals("GET")) {
            call.query("query", query);
        }
        // n8n sends the body on GET as well (the format's default still applies there)
        if (format.equals("json")) {
            ObjectNode body = Json.object().put("query", query);
            body.set("variables", variables(ctx, i));
            String operation = ctx.param("operationName", i, String.class, "");
            if (operation.isEmpty()) {
                body.putNull("operationName");
            } else {
                body.put("operationName", operation);
            }
            call.json(body);
        } else {
            call.raw(query.getBytes(StandardCharsets.UTF_8));
        }
        return call;
    }

    private static String format(NodeParameters ctx, int i) {
        // two copies of the parameter with different defaults: read the version's own fallback
        String fallback = ctx.node().typeVersion() < 1.1 ? "graphql" : "json";
        String format = ctx.rawParam("requestFormat") == null
                ? fallback
                : ctx.param("requestFormat", i, String.class, fallback);
        if (!format.equals("json") && !format.equals("graphql")) {
            throw NodeException.user(
                    "parameter 'requestFormat': '" + format + "' is not supported (json, graphql) [item " + i + "]", i);
        }
        return format;
    }

    private static String endpoint(String value, int i) {
        String url = value.strip();
        if (url.isEmpty()) {
            throw NodeException.user("parameter 'endpoint' is empty [item " + i + "]", i);
        }
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("only http:// and https:// endpoints can be requested");
            }
        } catch (IllegalArgumentException e) {
            throw NodeException.user(
                    "parameter 'endpoint': invalid URL '" + url + "': " + e.getMessage() + " [item " + i + "]", i);
        }
        return url;
    }

    /** The variables as n8n reads them: a JSON text ("" is {}) or a value that is already JSON. */
    private static JsonNode variables(NodeParameters ctx, int i) {
        JsonNode v = ctx.param("variables", i, JsonNode.class, Json.object());
        if (v.isTextual()) {
            String text = v.asText();
            try {
                return text.isEmpty() ? Json.object() : Json.reader().readTree(text);
            } catch (Exception e) {
                throw NodeException.user(
                        "Using variables failed:\n" + text + "\n\nWith error message:\n"
                                + e.getMessage().lines().findFirst().orElse(""),
                        i);
            }
        }
        if (v.isObject() || v.isArray()) {
            return v;
        }
        throw NodeException.user(
                "Using variables failed:\n" + v + "\n\nGraphQL variables should be either an object or a string.", i);
    }

    /**
     * Adds the reply's items to {@code out} and returns the reply as n8n holds it (a JSON value when
     * the request was JSON or the response format is JSON, else the text).
     */
    private static JsonNode read(
            NodeParameters ctx,
            int i,
            HttpCall.Reply reply,
            boolean jsonRequest,
            String responseFormat,
            List<Item> out) {
        String text = reply.text();
        JsonNode parsed = parse(text);
        if (responseFormat.equals("string")) {
            // a JSON request makes n8n's client parse the reply too, so the field holds the parsed value
            String property = ctx.param("dataPropertyName", 0, String.class, "data");
            ObjectNode json = Json.object();
            json.set(property, jsonRequest && parsed != null ? parsed : Json.F.textNode(text));
            out.add(new Item(json, Map.of(), new PairedItem(i, 0)));
            return parsed;
        }
        if (parsed == null) {
            throw new NodeException(
                    ErrorKind.USER,
                    "Response body is not valid JSON. Change \"Response Format\" to \"String\" [item " + i + "]",
                    i,
                    "HTTP status " + reply.status(),
                    null);
        }
        if (parsed.isArray()) {
            for (JsonNode e : parsed) {
                out.add(new Item(asObject(e), Map.of(), new PairedItem(i, 0)));
            }
        } else {
            out.add(new Item(asObject(parsed), Map.of(), new PairedItem(i, 0)));
        }
        return parsed;
    }

    /** n8n's check: a reply object with {@code errors} fails the item with their messages. */
    private static void failOnErrors(JsonNode response, HttpCall.Reply reply, int i) {
        if (response == null || !response.isObject() || !truthy(response.get("errors"))) {
            return;
        }
        JsonNode errors = response.get("errors");
        String message = "Unexpected error";
        if (errors.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : errors) {
                JsonNode m = e.get("message");
                parts.add(m != null && !m.isNull() ? jsText(m) : jsText(e));
            }
            message = String.join(", ", parts);
        } else if (errors.isTextual()) {
            message = errors.asText();
        }
        throw new NodeException(
                ErrorKind.USER,
                message + " [item " + i + "]",
                i,
                "HTTP status " + reply.status() + ": " + errors,
                null);
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? null : Json.reader().readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** How JavaScript turns a value into text when joining: objects read "[object Object]", null "". */
    private static String jsText(JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (v.isObject()) {
            return "[object Object]";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(jsText(e)));
            return String.join(",", parts);
        }
        return v.asText();
    }

    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isTextual()) {
            return !v.asText().isEmpty();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        return true;
    }

    private static ObjectNode asObject(JsonNode v) {
        if (v.isObject()) {
            return (ObjectNode) v;
        }
        ObjectNode o = Json.object();
        o.set("data", v);
        return o;
    }
}
