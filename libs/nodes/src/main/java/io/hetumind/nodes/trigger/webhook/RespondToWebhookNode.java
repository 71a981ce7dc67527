package io.hetumind.nodes.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Respond to Webhook (n8n respondToWebhook v1/v1.1): builds the webhook's HTTP answer, hands it
 * to the host's {@link WebhookResponder} (and keeps it in node state as {@code response}), and
 * passes its input items on.
 */
public final class RespondToWebhookNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.respondToWebhook")
            .versions(1, 1.1)
            .displayName("Respond to Webhook")
            .description("Returns data to the caller of a Webhook set to respond 'Using Respond to Webhook Node'")
            .group(NodeGroup.TRIGGER)
            .icon("reply")
            .alias("n8n-nodes-base.respondToWebhook")
            .property(PropertySpec.options("respondWith")
                    .displayName("Respond With")
                    .option("allIncomingItems", "All Incoming Items")
                    .option("firstIncomingItem", "First Incoming Item")
                    .option("json", "JSON")
                    .option("text", "Text")
                    .option("noData", "No Data")
                    .option("redirect", "Redirect")
                    .defaultValue("firstIncomingItem"))
            .property(PropertySpec.string("redirectURL")
                    .displayName("Redirect URL")
                    .required()
                    .showWhen("respondWith", "redirect"))
            .property(PropertySpec.json("responseBody")
                    .displayName("Response Body")
                    .showWhen("respondWith", "json", "text"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.number("responseCode")
                            .displayName("Response Code")
                            .defaultValue(200)
                            .minValue(100)
                            .maxValue(599))
                    .child(PropertySpec.fixedCollection("responseHeaders")
                            .displayName("Response Headers")
                            .child(PropertySpec.collection("entries")
                                    .multipleValues()
                                    .child(PropertySpec.string("name").displayName("Name"))
                                    .child(PropertySpec.string("value").displayName("Value")))))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        String respondWith = ctx.param("respondWith", 0, String.class, "firstIncomingItem");
        double rawCode = ctx.param("options.responseCode", 0, Double.class, 200.0);
        if (rawCode != Math.rint(rawCode) || rawCode < 100 || rawCode > 599) {
            throw NodeException.user(
                    "parameter 'options.responseCode': must be an HTTP status 100-599, got " + rawCode, 0);
        }
        int status = (int) rawCode;
        Map<String, String> headers = headers(ctx);
        WebhookResponse response =
                switch (respondWith) {
                    case "allIncomingItems" -> json(status, headers, array(items));
                    case "firstIncomingItem" ->
                        json(
                                status,
                                headers,
                                items.isEmpty()
                                        ? Json.object()
                                        : items.getFirst().json());
                    case "json" -> json(status, headers, body(ctx));
                    case "text" ->
                        new WebhookResponse(
                                status, headers, ctx.param("responseBody", 0, String.class, ""), "text/plain");
                    case "noData" -> new WebhookResponse(status, headers, null, null);
                    case "redirect" -> redirect(ctx, rawCode == 200 ? 307 : status, headers);
                    default ->
                        throw NodeException.user("parameter 'respondWith': unknown value '" + respondWith + "'", 0);
                };
        ctx.nodeState().set("response", Json.valueToTree(response));
        ctx.service(WebhookResponder.class).ifPresent(r -> r.respond(ctx.executionId(), response));
        return NodeResult.of(items);
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
