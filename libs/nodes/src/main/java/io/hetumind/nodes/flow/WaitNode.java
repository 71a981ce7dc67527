package io.hetumind.nodes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.WaitsForCall;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.nodes.form.FormProperties;
import io.hetumind.nodes.form.FormRequests;
import io.hetumind.nodes.internal.Dates;
import io.hetumind.nodes.trigger.webhook.WebhookProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Wait: parks the execution for a time, until a moment, or until resumed from outside (a webhook call, a form). */
public final class WaitNode implements NodeType, WaitsForCall {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.wait")
            .versions(1, 1.1)
            .displayName("Wait")
            .description("Waits before continuing with the execution")
            .group(NodeGroup.FLOW)
            .icon("pause-circle")
            .alias("n8n-nodes-base.wait")
            .credential(new CredentialSlot("httpBasicAuth", true)
                    .showWhen("resume", "webhook", "form")
                    .showWhen("incomingAuthentication", "basicAuth"))
            .credential(new CredentialSlot("httpHeaderAuth", true)
                    .showWhen("resume", "webhook")
                    .showWhen("incomingAuthentication", "headerAuth"))
            .credential(new CredentialSlot("jwtAuth", true)
                    .showWhen("resume", "webhook")
                    .showWhen("incomingAuthentication", "jwtAuth"))
            .property(PropertySpec.options("resume")
                    .displayName("Resume")
                    .option("timeInterval", "After Time Interval")
                    .option("specificTime", "At Specified Time")
                    .option("webhook", "On Webhook Call")
                    .option("form", "On Form Submitted", "Waits for a form submission before continuing")
                    .defaultValue("timeInterval"))
            // "On Form Submitted": a form page at $execution.resumeFormUrl (n8n's Form Trigger code, package form)
            .property(PropertySpec.options("incomingAuthentication")
                    .displayName("Authentication")
                    .option("basicAuth", "Basic Auth")
                    .option("none", "None")
                    .defaultValue("none")
                    .description("If and how the form at $execution.resumeFormUrl is protected")
                    .showWhen("resume", "form"))
            // "On Webhook Call" is a Webhook node's endpoint at $execution.resumeUrl (n8n's Wait extends Webhook)
            .property(PropertySpec.options("incomingAuthentication")
                    .displayName("Authentication")
                    .option("basicAuth", "Basic Auth")
                    .option("headerAuth", "Header Auth")
                    .option("jwtAuth", "JWT Auth")
                    .option("none", "None")
                    .defaultValue("none")
                    .description("If and how calls to $execution.resumeUrl are authenticated")
                    .showWhen("resume", "webhook"))
            .property(WebhookProperties.httpMethod()
                    .description("The HTTP method of the Webhook call")
                    .showWhen("resume", "webhook"))
            .property(PropertySpec.number("responseCode")
                    .displayName("Response Code")
                    .defaultValue(200)
                    .minValue(100)
                    .maxValue(599)
                    .showWhen("resume", "webhook")
                    .hideWhen("responseMode", "responseNode"))
            .property(PropertySpec.options("responseMode")
                    .displayName("Respond")
                    .option("onReceived", "Immediately", "As soon as this node executes")
                    .option("lastNode", "When Last Node Finishes", "Returns data of the last-executed node")
                    .option("responseNode", "Using 'Respond to Webhook' Node", "Response defined in that node")
                    .defaultValue("onReceived")
                    .showWhen("resume", "webhook"))
            .property(WebhookProperties.responseData()
                    .showWhen("resume", "webhook")
                    .showWhen("responseMode", "lastNode"))
            .property(WebhookProperties.responseBinaryPropertyName().showWhen("resume", "webhook"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .showWhen("resume", "webhook")
                    .child(PropertySpec.string("binaryPropertyName")
                            .displayName("Field Name for Binary Data")
                            .defaultValue("data"))
                    .child(PropertySpec.bool("ignoreBots").displayName("Ignore Bots"))
                    .child(WebhookProperties.ipWhitelist())
                    .child(WebhookProperties.noResponseBody())
                    .child(PropertySpec.bool("rawBody").displayName("Raw Body").hideWhen("noResponseBody", true))
                    .child(PropertySpec.string("responseData")
                            .displayName("Response Data")
                            .showWhen("/responseMode", "onReceived")
                            .hideWhen("noResponseBody", true))
                    .child(PropertySpec.string("responseContentType")
                            .displayName("Response Content-Type")
                            .showWhen("/responseData", "firstEntryJson")
                            .showWhen("/responseMode", "lastNode"))
                    .child(WebhookProperties.responseHeaders())
                    .child(WebhookProperties.responsePropertyName())
                    .child(PropertySpec.string("webhookSuffix")
                            .displayName("Webhook Suffix")
                            .placeholder("webhook")
                            .noExpression()
                            .description("Appended to the resume URL; helpful when using multiple Wait nodes")))
            .properties(FormProperties.forWait())
            // n8n 2.8: version 1 waits 1 hour by default, later versions 5 seconds (the same names, shown by version)
            .property(waitAmount(1).showWhen(PropertySpec.VERSION, 1))
            .property(waitAmount(5).hideWhen(PropertySpec.VERSION, 1))
            .property(waitUnit("hours").showWhen(PropertySpec.VERSION, 1))
            .property(waitUnit("seconds").hideWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.dateTime("dateTime")
                    .displayName("Date and Time")
                    .showWhen("resume", "specificTime"))
            // n8n's "Limit Wait Time": a webhook wait that nobody calls goes on by itself at the limit
            .property(PropertySpec.bool("limitWaitTime")
                    .displayName("Limit Wait Time")
                    .defaultValue(false)
                    .showWhen("resume", "webhook", "form"))
            .property(PropertySpec.options("limitType")
                    .displayName("Limit Type")
                    .option("afterTimeInterval", "After Time Interval")
                    .option("atSpecifiedTime", "At Specified Time")
                    .defaultValue("afterTimeInterval")
                    .showWhen("resume", "webhook", "form")
                    .showWhen("limitWaitTime", true))
            .property(PropertySpec.number("resumeAmount")
                    .displayName("Amount")
                    .defaultValue(1)
                    .minValue(0)
                    .showWhen("resume", "webhook", "form")
                    .showWhen("limitWaitTime", true)
                    .showWhen("limitType", "afterTimeInterval"))
            .property(PropertySpec.options("resumeUnit")
                    .displayName("Unit")
                    .option("seconds", "Seconds")
                    .option("minutes", "Minutes")
                    .option("hours", "Hours")
                    .option("days", "Days")
                    .defaultValue("hours")
                    .showWhen("resume", "webhook", "form")
                    .showWhen("limitWaitTime", true)
                    .showWhen("limitType", "afterTimeInterval"))
            .property(PropertySpec.dateTime("maxDateAndTime")
                    .displayName("Max Date and Time")
                    .showWhen("resume", "webhook", "form")
                    .showWhen("limitWaitTime", true)
                    .showWhen("limitType", "atSpecifiedTime"))
            .build();

    private static PropertySpec.Builder waitAmount(double defaultAmount) {
        return PropertySpec.number("amount")
                .displayName("Wait Amount")
                .defaultValue(defaultAmount)
                .minValue(0)
                .showWhen("resume", "timeInterval");
    }

    private static PropertySpec.Builder waitUnit(String defaultUnit) {
        return PropertySpec.options("unit")
                .displayName("Wait Unit")
                .option("seconds", "Seconds")
                .option("minutes", "Minutes")
                .option("hours", "Hours")
                .option("days", "Days")
                .defaultValue(defaultUnit)
                .showWhen("resume", "timeInterval");
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * "On Webhook Call" or "On Form Submitted", with or without Limit Wait Time; an expression for the mode counts as
     * no.
     */
    @Override
    public boolean waitsForCall(Node node) {
        String resume = node.parameters().path("resume").asText("timeInterval");
        return resume.equals("webhook") || resume.equals("form");
    }

    private static boolean form(Node node) {
        return "form".equals(node.parameters().path("resume").asText(""));
    }

    /** A form wait reads its calls itself: GET shows the form, POST resumes with the submission. */
    @Override
    public java.util.Optional<WebhookRequestHandler> callHandler(Node node) {
        return form(node) ? java.util.Optional.of(FormRequests.waitForm()) : java.util.Optional.empty();
    }

    @Override
    public WebhookSpec callSpec(Node node) {
        if (form(node)) {
            return FormRequests.waitSpec(node);
        }
        JsonNode p = node.parameters();
        String method = p.path("httpMethod").asText("GET");
        if (!ANY_METHOD.contains(method)) {
            throw new IllegalArgumentException("parameter 'httpMethod': unknown HTTP method '" + method + "'");
        }
        WebhookSpec.ResponseMode mode;
        try {
            mode = WebhookSpec.ResponseMode.of(p.path("responseMode").asText("onReceived"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter 'responseMode': " + e.getMessage(), e);
        }
        if (mode == WebhookSpec.ResponseMode.STREAMING) {
            throw new IllegalArgumentException("parameter 'responseMode': a Wait cannot stream its answer");
        }
        int code = WebhookProperties.responseCode(p);
        String auth = p.path("incomingAuthentication").asText("none");
        if (!List.of("none", "basicAuth", "headerAuth", "jwtAuth").contains(auth)) {
            throw new IllegalArgumentException("parameter 'incomingAuthentication': unknown '" + auth + "'");
        }
        // n8n appends the suffix to the URL as written; surrounding slashes would only make it unreachable
        String suffix =
                p.path("options").path("webhookSuffix").asText("").trim().replaceAll("^/+|/+$", "");
        return new WebhookSpec(
                suffix, List.of(method), mode, code, p.path("responseData").asText("firstEntryJson"), auth);
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < ctx.items().size(); i++) {
            out.add(ctx.items().get(i).withPairedItem(i));
        }
        String resume = ctx.param("resume", 0, String.class, "timeInterval");
        Instant until =
                switch (resume) {
                    case "timeInterval" -> {
                        boolean first = ctx.node().typeVersion() < 1.1;
                        yield ctx.now()
                                .plus(interval(ctx, "amount", first ? 1.0 : 5.0, "unit", first ? "hours" : "seconds"));
                    }
                    case "specificTime" -> moment(ctx, "dateTime");
                    case "webhook", "form" -> limit(ctx);
                    default ->
                        throw NodeException.user(
                                "parameter 'resume': '" + resume + "' is not supported (timeInterval, specificTime,"
                                        + " webhook, form)",
                                0);
                };
        return new NodeResult.Wait(until, List.of(out));
    }

    /** The time a webhook wait goes on by itself (n8n's limit), or null to wait for the call however long. */
    private static Instant limit(NodeContext ctx) {
        if (!ctx.param("limitWaitTime", 0, Boolean.class, false)) {
            return null;
        }
        String type = ctx.param("limitType", 0, String.class, "afterTimeInterval");
        return switch (type) {
            case "afterTimeInterval" -> ctx.now().plus(interval(ctx, "resumeAmount", 1.0, "resumeUnit", "hours"));
            case "atSpecifiedTime" -> moment(ctx, "maxDateAndTime");
            default ->
                throw NodeException.user(
                        "parameter 'limitType': '" + type + "' is not supported (afterTimeInterval, atSpecifiedTime)",
                        0);
        };
    }

    private static Instant moment(NodeContext ctx, String param) {
        String text = ctx.param(param, 0, String.class, "");
        ZonedDateTime t = Dates.parse(text, ctx.zone());
        if (t == null) {
            throw NodeException.user("parameter '" + param + "': '" + text + "' is not a valid date", 0);
        }
        return t.toInstant();
    }

    private static Duration interval(
            NodeParameters ctx, String amountParam, double defaultAmount, String unitParam, String defaultUnit) {
        double amount = ctx.param(amountParam, 0, Double.class, defaultAmount);
        if (amount < 0) {
            throw NodeException.user("parameter '" + amountParam + "' must not be negative, got " + amount, 0);
        }
        String unit = ctx.param(unitParam, 0, String.class, defaultUnit);
        double seconds =
                switch (unit) {
                    case "seconds" -> amount;
                    case "minutes" -> amount * 60;
                    case "hours" -> amount * 3600;
                    case "days" -> amount * 86400;
                    default ->
                        throw NodeException.user("parameter '" + unitParam + "': unknown value '" + unit + "'", 0);
                };
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    @Override
    public boolean replaySafe(Node node) {
        // its resume URL and timers belong to the execution
        return true;
    }
}
