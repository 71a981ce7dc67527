package io.hetumind.nodes.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.core.spi.trigger.WebhookTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Webhook (n8n webhook v1, 1.1, 2, 2.1): an HTTP endpoint that starts the workflow. The host matches
 * requests against {@link #spec} and passes {@code {headers, params, query, body}} as the item.
 */
public final class WebhookNode implements NodeType, WebhookTrigger {

    static final Set<String> METHODS = Set.of("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT");

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.webhook")
            .versions(1, 1.1, 2, 2.1)
            .displayName("Webhook")
            .description("Starts the workflow when an HTTP request arrives at /webhook/<path>")
            .group(NodeGroup.TRIGGER)
            .icon("bolt")
            .trigger(TriggerSpec.of(TriggerKind.WEBHOOK, "Runs when an HTTP request arrives at /webhook/<path>")
                    .with("path", "path")
                    .with("httpMethod", "httpMethod")
                    .with("responseMode", "responseMode")
                    .with("responseCode", "responseCode")
                    .with("responseData", "responseData")
                    .with("authentication", "authentication"))
            .credential(new CredentialSlot("httpBasicAuth", true).showWhen("authentication", "basicAuth"))
            .credential(new CredentialSlot("httpHeaderAuth", true).showWhen("authentication", "headerAuth"))
            .credential(new CredentialSlot("jwtAuth", true).showWhen("authentication", "jwtAuth"))
            .alias("n8n-nodes-base.webhook")
            // every version in n8n 2.8 (it was added to the node's shared settings, not to a new version)
            .property(PropertySpec.bool("multipleMethods").displayName("Allow Multiple HTTP Methods"))
            .property(WebhookProperties.httpMethod()
                    .hideWhen("multipleMethods", true)
                    .description("The method the webhook answers"))
            .property(PropertySpec.multiOptions("httpMethod")
                    .displayName("HTTP Methods")
                    .option("DELETE", "DELETE")
                    .option("GET", "GET")
                    .option("HEAD", "HEAD")
                    .option("PATCH", "PATCH")
                    .option("POST", "POST")
                    .option("PUT", "PUT")
                    .defaultValue(List.of("GET", "POST"))
                    .showWhen("multipleMethods", true)
                    .description("The methods the webhook answers"))
            .property(PropertySpec.string("path")
                    .displayName("Path")
                    .placeholder("webhook")
                    .required()
                    .description("Path below /webhook/; ':name' segments become params"))
            .property(PropertySpec.options("authentication")
                    .displayName("Authentication")
                    .option("none", "None")
                    .option("basicAuth", "Basic Auth")
                    .option("headerAuth", "Header Auth")
                    .option("jwtAuth", "JWT Auth")
                    .defaultValue("none"))
            .property(PropertySpec.options("responseMode")
                    .displayName("Respond")
                    .option("onReceived", "Immediately", "As soon as this node runs")
                    .option("lastNode", "When Last Node Finishes", "Returns data of the last-executed node")
                    .option("responseNode", "Using 'Respond to Webhook' Node", "Response defined in that node")
                    .option("streaming", "Streaming", "Version 2.1: returns data in real time from streaming nodes")
                    .defaultValue("onReceived"))
            // n8n: a parameter until version 1.1, then an option that also takes any code
            .property(PropertySpec.number("responseCode")
                    .displayName("Response Code")
                    .defaultValue(200)
                    .minValue(100)
                    .maxValue(599)
                    .showWhen(PropertySpec.VERSION, 1, 1.1)
                    .hideWhen("responseMode", "responseNode"))
            .property(WebhookProperties.responseData().showWhen("responseMode", "lastNode"))
            .property(WebhookProperties.responseBinaryPropertyName())
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("binaryData")
                            .displayName("Binary File")
                            .description("Whether the webhook will receive binary data")
                            .showWhen(PropertySpec.VERSION, 1))
                    .child(PropertySpec.string("binaryPropertyName")
                            .displayName("Field Name for Binary Data")
                            .defaultValue("data")
                            .description("The name of the output field to put any binary file data in"))
                    .child(PropertySpec.bool("ignoreBots").displayName("Ignore Bots"))
                    .child(WebhookProperties.ipWhitelist())
                    .child(WebhookProperties.noResponseBody())
                    .child(PropertySpec.bool("rawBody").displayName("Raw Body").hideWhen("noResponseBody", true))
                    .child(PropertySpec.string("allowedOrigins")
                            .displayName("Allowed Origins (CORS)")
                            .defaultValue("*"))
                    .child(WebhookProperties.responseCodeOption().hideWhen(PropertySpec.VERSION, 1, 1.1))
                    .child(PropertySpec.string("responseContentType")
                            .displayName("Response Content-Type")
                            .showWhen("/responseData", "firstEntryJson")
                            .showWhen("/responseMode", "lastNode"))
                    .child(PropertySpec.string("responseData")
                            .displayName("Response Data")
                            .showWhen("/responseMode", "onReceived")
                            .hideWhen("noResponseBody", true))
                    .child(WebhookProperties.responseHeaders())
                    .child(WebhookProperties.responsePropertyName()))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public WebhookSpec spec(TriggerParams p) {
        String node = p.node().name();
        String path = p.string("path", "").trim();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            throw new TriggerConfigException(node, "path", "is required");
        }
        List<String> methods = new ArrayList<>();
        JsonNode method = p.tree("httpMethod");
        if (method != null && method.isArray()) {
            method.forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
        } else if (method == null
                && p.tree("multipleMethods") != null
                && p.tree("multipleMethods").asBoolean()) {
            methods.addAll(List.of("GET", "POST")); // n8n's default of the multiple-methods list, left out of exports
        } else {
            methods.add(p.string("httpMethod", "GET").toUpperCase(Locale.ROOT));
        }
        for (String m : methods) {
            if (!METHODS.contains(m)) {
                throw new TriggerConfigException(node, "httpMethod", "unknown HTTP method '" + m + "'");
            }
        }
        WebhookSpec.ResponseMode mode;
        try {
            mode = WebhookSpec.ResponseMode.of(p.string("responseMode", "onReceived"));
        } catch (IllegalArgumentException e) {
            throw new TriggerConfigException(node, "responseMode", e.getMessage());
        }
        if (mode == WebhookSpec.ResponseMode.STREAMING && p.node().typeVersion() < 2.1) {
            throw new TriggerConfigException(
                    node, "responseMode", "'Streaming' is an option of the Webhook node's version 2.1 and later");
        }
        int code;
        try {
            code = WebhookProperties.responseCode(p.node().parameters());
        } catch (WebhookProperties.BadParameter e) {
            throw new TriggerConfigException(node, e.parameter(), e.problem());
        }
        String auth = p.string("authentication", "none");
        if (!Set.of("none", "basicAuth", "headerAuth", "jwtAuth").contains(auth)) {
            throw new TriggerConfigException(node, "authentication", "unknown authentication '" + auth + "'");
        }
        return new WebhookSpec(path, methods, mode, code, p.string("responseData", "firstEntryJson"), auth);
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        try {
            spec(new TriggerParams(ctx.node()));
        } catch (TriggerConfigException e) {
            throw NodeException.user(e.getMessage());
        }
        List<Item> items = ctx.items();
        if (items.isEmpty()) {
            throw NodeException.user("Webhook '" + ctx.node().name() + "' ran without a request: the host passes the"
                    + " request as the trigger item {headers, params, query, body}");
        }
        return NodeResult.of(items);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
