package io.hetumind.nodes.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortRule;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ChunkSink;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.nodes.files.BinaryFiles;
import io.hetumind.nodes.jwt.JwtNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Respond to Webhook (n8n respondToWebhook 1–1.5): builds the webhook's HTTP answer, hands it to the host's {@link
 * WebhookResponder} (and keeps it in node state as {@code response}), and passes its input items on. 1.3 (always) and
 * 1.4+ (with {@code enableResponseOutput}) have a second output holding the response. 1.5 streams its answer as n8n's
 * chunks when the run answers a request chunk by chunk (a per-run {@link ChunkSink}) and {@code options.enableStreaming}
 * is not off, and then leaves the responder alone.
 */
public final class RespondToWebhookNode implements NodeType {

    private static final Map<String, List<JsonNode>> RESPONSE_BRANCH_1_3 =
            Map.of("@version", List.of(Json.F.numberNode(1.3)));
    private static final Map<String, List<JsonNode>> RESPONSE_BRANCH = Map.of(
            "@version",
            List.of(Json.F.numberNode(1.4), Json.F.numberNode(1.5)),
            "enableResponseOutput",
            List.of(Json.F.booleanNode(true)));
    private static final PortRule TWO_OUTPUTS =
            PortRule.fixed(PortSpec.of("main", "Input Data"), PortSpec.of("response", "Response"));

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.respondToWebhook")
            .versions(1, 1.1, 1.2, 1.3, 1.4, 1.5)
            .displayName("Respond to Webhook")
            .description("Returns data to the caller of a Webhook set to respond 'Using Respond to Webhook Node'")
            .group(NodeGroup.TRIGGER)
            .icon("reply")
            .alias("n8n-nodes-base.respondToWebhook")
            .credential(new CredentialSlot("jwtAuth", true).showWhen("respondWith", "jwt"))
            .outputs()
            .outputRule(new PortRule.When(
                    List.of(
                            new PortRule.When.Case(RESPONSE_BRANCH_1_3, TWO_OUTPUTS),
                            new PortRule.When.Case(RESPONSE_BRANCH, TWO_OUTPUTS)),
                    PortRule.fixed(PortSpec.MAIN)))
            .property(PropertySpec.bool("enableResponseOutput")
                    .displayName("Enable Response Output Branch")
                    .defaultValue(false)
                    .description("Whether to provide an additional output branch with the response sent to the webhook")
                    .showWhen(PropertySpec.VERSION, 1.4, 1.5))
            .property(PropertySpec.options("respondWith")
                    .displayName("Respond With")
                    .option("allIncomingItems", "All Incoming Items")
                    .option("binary", "Binary File", "Respond with incoming file binary data")
                    .option("firstIncomingItem", "First Incoming Item")
                    .option("json", "JSON")
                    .option("jwt", "JWT Token", "Respond with a JWT token")
                    .option("text", "Text")
                    .option("noData", "No Data")
                    .option("redirect", "Redirect")
                    .defaultValue("firstIncomingItem"))
            .property(PropertySpec.json("payload")
                    .displayName("Payload")
                    .defaultValue("{\n  \"myField\": \"value\"\n}")
                    .description("The payload to include in the JWT token")
                    .showWhen("respondWith", "jwt"))
            .property(PropertySpec.options("responseDataSource")
                    .displayName("Response Data Source")
                    .option(
                            "automatically",
                            "Choose Automatically From Input",
                            "Use if input data will contain a single piece of binary data")
                    .option("set", "Specify Myself", "Enter the name of the input field the binary data will be in")
                    .defaultValue("automatically")
                    .showWhen("respondWith", "binary"))
            .property(PropertySpec.string("inputFieldName")
                    .displayName("Input Field Name")
                    .defaultValue("data")
                    .required()
                    .description("The name of the node input field with the binary data")
                    .showWhen("respondWith", "binary")
                    .showWhen("responseDataSource", "set"))
            .property(PropertySpec.string("redirectURL")
                    .displayName("Redirect URL")
                    .required()
                    .showWhen("respondWith", "redirect"))
            // n8n 2.8's defaults: a sample object for JSON, nothing for text
            .property(PropertySpec.json("responseBody")
                    .displayName("Response Body")
                    .defaultValue("{\n  \"myField\": \"value\"\n}")
                    .showWhen("respondWith", "json"))
            .property(PropertySpec.string("responseBody")
                    .displayName("Response Body")
                    .defaultValue("")
                    .placeholder("e.g. Workflow completed")
                    .showWhen("respondWith", "text"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.number("responseCode")
                            .displayName("Response Code")
                            .defaultValue(200)
                            .minValue(100)
                            .maxValue(599))
                    .child(WebhookProperties.responseHeaders())
                    .child(PropertySpec.string("responseKey")
                            .displayName("Put Response in Field")
                            .defaultValue("")
                            .description("The name of the response field to put all items in")
                            .showWhen("/respondWith", "allIncomingItems", "firstIncomingItem"))
                    .child(PropertySpec.bool("enableStreaming")
                            .displayName("Enable Streaming")
                            .defaultValue(true)
                            .description("Whether to enable streaming to the response")
                            .showWhen("/respondWith", "allIncomingItems", "firstIncomingItem", "text", "json")
                            .showWhen(PropertySpec.VERSION, 1.5)))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        double version = ctx.node().typeVersion();
        String respondWith = ctx.param("respondWith", 0, String.class, "firstIncomingItem");
        double rawCode = ctx.param("options.responseCode", 0, Double.class, 200.0);
        if (rawCode != Math.rint(rawCode) || rawCode < 100 || rawCode > 599) {
            throw NodeException.user(
                    "parameter 'options.responseCode': must be an HTTP status 100-599, got " + rawCode, 0);
        }
        int status = (int) rawCode;
        Map<String, String> headers = headers(ctx);
        ChunkSink sink = ctx.service(ChunkSink.class).orElse(null);
        boolean stream = version >= 1.5
                && sink != null
                && !Boolean.FALSE.equals(ctx.param("options.enableStreaming", 0, Boolean.class, true));
        Chunks chunks = new Chunks(ctx, stream ? sink : null);
        JsonNode body; // the response's body as n8n's second output shows it; null for none
        WebhookResponse response;
        switch (respondWith) {
            case "allIncomingItems" -> {
                ArrayNode all = Json.array();
                // n8n sends these chunks whatever the version: they go wherever the run streams to
                Chunks each = new Chunks(ctx, sink);
                for (int i = 0; i < items.size(); i++) {
                    each.answer(i, Json.write(items.get(i).json()));
                    all.add(items.get(i).json());
                }
                body = inField(ctx, all);
                response = json(status, headers, body);
            }
            case "firstIncomingItem" -> {
                JsonNode first =
                        items.isEmpty() ? Json.object() : items.getFirst().json();
                chunks.answer(0, Json.write(first));
                body = inField(ctx, first);
                response = json(status, headers, body);
            }
            case "json" -> {
                body = body(ctx);
                chunks.answer(0, Json.write(body));
                response = json(status, headers, body);
            }
            case "text" -> {
                String text = ctx.param("responseBody", 0, String.class, "");
                chunks.answer(0, text);
                body = Json.F.textNode(text);
                response = new WebhookResponse(status, headers, text, "text/plain");
            }
            case "noData" -> {
                body = null;
                response = new WebhookResponse(status, headers, null, null);
            }
            case "jwt" -> {
                body = Json.object().put("token", jwt(ctx));
                chunks.answer(0, Json.write(body));
                response = json(status, headers, body);
            }
            case "binary" -> {
                body = null;
                response = binary(ctx, items, status, headers);
            }
            case "redirect" -> {
                body = null;
                response = redirect(ctx, rawCode == 200 ? 307 : status, headers);
            }
            default -> throw NodeException.user("parameter 'respondWith': unknown value '" + respondWith + "'", 0);
        }
        // a file's bytes stay in the binary store: the state records what was answered, not the file again
        ctx.nodeState()
                .set(
                        "response",
                        Json.valueToTree(
                                response.data() == null
                                        ? response
                                        : new WebhookResponse(
                                                response.status(), response.headers(), null, response.contentType())));
        if (!stream) {
            ctx.service(WebhookResponder.class).ifPresent(r -> r.respond(ctx.executionId(), response));
        }
        if (version == 1.3 || (version >= 1.4 && ctx.param("enableResponseOutput", 0, Boolean.class, false))) {
            ObjectNode sent = Json.object();
            if (body != null) {
                sent.set("body", body);
            }
            ObjectNode h = sent.putObject("headers");
            response.headers().forEach(h::put);
            sent.put("statusCode", response.status());
            ObjectNode json = Json.object();
            json.set("response", sent);
            return NodeResult.ports(List.of(items, List.of(Item.of(json))));
        }
        return NodeResult.of(items);
    }

    /** n8n's {@code options.responseKey}: the answer put at that path (lodash {@code set}) of an object. */
    private static JsonNode inField(NodeParameters ctx, JsonNode value) {
        String key = ctx.param("options.responseKey", 0, String.class, "");
        if (key == null || key.isEmpty()) {
            return value;
        }
        ObjectNode root = Json.object();
        ObjectNode cur = root;
        String[] parts = key.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            cur = cur.putObject(parts[i]);
        }
        cur.set(parts[parts.length - 1], value);
        return root;
    }

    /** The answer of one item as n8n's {@code sendChunk} writes it: {@code begin}, {@code item}, {@code end}. */
    private record Chunks(NodeContext ctx, ChunkSink sink) {
        void answer(int item, String content) {
            if (sink == null) {
                return;
            }
            sink.send(ChunkSink.Chunk.of(ChunkSink.Type.BEGIN, ctx.node(), ctx.runIndex(), item, null));
            sink.send(ChunkSink.Chunk.of(ChunkSink.Type.ITEM, ctx.node(), ctx.runIndex(), item, content));
            sink.send(ChunkSink.Chunk.of(ChunkSink.Type.END, ctx.node(), ctx.runIndex(), item, null));
        }
    }

    private static JsonNode body(NodeParameters ctx) {
        JsonNode body = ctx.paramTree("responseBody", 0);
        if (body != null && body.isTextual()) {
            try {
                return Json.parse(body.textValue());
            } catch (RuntimeException e) {
                throw NodeException.user("parameter 'responseBody': invalid JSON: " + e.getMessage(), 0);
            }
        }
        return body == null ? Json.object() : body;
    }

    private static WebhookResponse redirect(NodeParameters ctx, int status, Map<String, String> headers) {
        String url = ctx.param("redirectURL", 0, String.class, "");
        if (url.isBlank()) {
            throw NodeException.user("parameter 'redirectURL': is required to redirect", 0);
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("location", url);
        return new WebhookResponse(status, h, null, null);
    }

    private static WebhookResponse json(int status, Map<String, String> headers, JsonNode body) {
        return new WebhookResponse(status, headers, Json.write(body), "application/json");
    }

    private static ArrayNode array(List<Item> items) {
        ArrayNode out = Json.array();
        items.forEach(i -> out.add(i.json()));
        return out;
    }

    /** n8n's JWT Token: the Payload signed with the node's {@code jwtAuth} credential. */
    private static String jwt(NodeContext ctx) {
        ObjectNode cred = ctx.credentials("jwtAuth")
                .orElseThrow(
                        () -> NodeException.user("Error signing JWT token: the node has no 'jwtAuth' credential", 0));
        JsonNode raw = ctx.paramTree("payload", 0);
        JsonNode payload;
        try {
            payload = raw != null && raw.isTextual() ? Json.parse(raw.textValue()) : raw;
        } catch (RuntimeException e) {
            throw NodeException.user("parameter 'payload': invalid JSON: " + e.getMessage(), 0);
        }
        if (payload != null && !payload.isObject()) {
            throw NodeException.user("parameter 'payload': the payload must be a JSON object", 0);
        }
        try {
            return JwtNode.signWithCredential(payload == null ? Json.object() : (ObjectNode) payload, cred, ctx.now());
        } catch (IllegalArgumentException e) {
            throw new NodeException(
                    io.hetumind.core.spi.ErrorKind.USER, "Error signing JWT token", 0, e.getMessage(), null);
        }
    }

    /**
     * n8n's Binary File: the first item's file — its only (first) one, or the field the node names — with its MIME
     * type unless a Content-Type response header is set.
     */
    private static WebhookResponse binary(NodeContext ctx, List<Item> items, int status, Map<String, String> headers) {
        Item first = items.isEmpty() ? null : items.getFirst();
        if (first == null || first.binary().isEmpty()) {
            throw NodeException.user("No binary data exists on the first item!", 0);
        }
        String field = "set".equals(ctx.param("responseDataSource", 0, String.class, "automatically"))
                ? ctx.param("inputFieldName", 0, String.class, "data")
                : first.binary().keySet().iterator().next();
        byte[] data;
        try {
            data = BinaryFiles.read(ctx, 0, first, field);
        } catch (java.io.IOException e) {
            throw NodeException.user("the binary file '" + field + "' could not be read: " + e.getMessage(), 0);
        }
        String type =
                headers.getOrDefault("content-type", first.binary().get(field).mimeType());
        Map<String, String> rest = new LinkedHashMap<>(headers);
        rest.remove("content-type");
        return new WebhookResponse(
                status, rest, null, type == null || type.isBlank() ? "application/octet-stream" : type, data);
    }

    private static Map<String, String> headers(NodeParameters ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode entries = ctx.paramTree("options.responseHeaders.entries", 0);
        if (entries != null && entries.isArray()) {
            for (int i = 0; i < entries.size(); i++) {
                String name = entries.get(i).path("name").asText("");
                if (name.isBlank()) {
                    throw NodeException.user("parameter 'options.responseHeaders.entries." + i + ".name': is empty", 0);
                }
                out.put(
                        name.toLowerCase(java.util.Locale.ROOT),
                        entries.get(i).path("value").asText(""));
            }
        }
        return out;
    }

    @Override
    public boolean replaySafe(Node node) {
        // it answers the request this execution holds; run again elsewhere, there is no request left to answer
        return true;
    }
}
