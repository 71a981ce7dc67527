package io.hetumind.nodes.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.JsonPaths;

/**
 * Parameters n8n's webhook nodes share (its Webhook description): the Webhook node, the Wait "On Webhook Call" (n8n's
 * Wait is a Webhook) and Respond to Webhook declare them from here, so the three read alike.
 */
public final class WebhookProperties {

    private WebhookProperties() {}

    /** One HTTP method, GET by default. */
    public static PropertySpec.Builder httpMethod() {
        return PropertySpec.options("httpMethod")
                .displayName("HTTP Method")
                .option("DELETE", "DELETE")
                .option("GET", "GET")
                .option("HEAD", "HEAD")
                .option("PATCH", "PATCH")
                .option("POST", "POST")
                .option("PUT", "PUT")
                .defaultValue("GET");
    }

    /** What {@code lastNode} answers with. */
    public static PropertySpec.Builder responseData() {
        return PropertySpec.options("responseData")
                .displayName("Response Data")
                .option("allEntries", "All Entries")
                .option("firstEntryJson", "First Entry JSON")
                .option("firstEntryBinary", "First Entry Binary")
                .option("noData", "No Response Body")
                .defaultValue("firstEntryJson");
    }

    /** The binary field {@code firstEntryBinary} answers with. */
    public static PropertySpec.Builder responseBinaryPropertyName() {
        return PropertySpec.string("responseBinaryPropertyName")
                .displayName("Property Name")
                .defaultValue("data")
                .required()
                .description("Name of the binary property to return")
                .showWhen("responseData", "firstEntryBinary");
    }

    /** Extra headers of the answer: {@code {entries: [{name, value}]}}. */
    public static PropertySpec.Builder responseHeaders() {
        return PropertySpec.fixedCollection("responseHeaders")
                .displayName("Response Headers")
                .child(PropertySpec.collection("entries")
                        .multipleValues()
                        .child(PropertySpec.string("name").displayName("Name"))
                        .child(PropertySpec.string("value").displayName("Value")));
    }

    /** Addresses and CIDR ranges allowed to call, comma-separated (empty: any). */
    public static PropertySpec.Builder ipWhitelist() {
        return PropertySpec.string("ipWhitelist")
                .displayName("IP(s) Allowlist")
                .placeholder("e.g. 127.0.0.1, 192.168.1.0/24")
                .description("Comma-separated list of allowed IP addresses or CIDR ranges. Leave empty to allow all"
                        + " IPs.");
    }

    /** An immediate answer without a body. */
    public static PropertySpec.Builder noResponseBody() {
        return PropertySpec.bool("noResponseBody")
                .displayName("No Response Body")
                .description("Whether to send any body in the response")
                .showWhen("/responseMode", "onReceived")
                .hideWhen("rawBody", true);
    }

    /** The field of the last node's first item that {@code firstEntryJson} answers with instead of the item. */
    public static PropertySpec.Builder responsePropertyName() {
        return PropertySpec.string("responsePropertyName")
                .displayName("Property Name")
                .defaultValue("data")
                .description("Name of the property to return the data of instead of the whole JSON")
                .showWhen("/responseData", "firstEntryJson")
                .showWhen("/responseMode", "lastNode");
    }

    /** The Webhook node's Response Code option from version 2: one of the common codes or any code. */
    public static PropertySpec.Builder responseCodeOption() {
        return PropertySpec.fixedCollection("responseCode")
                .displayName("Response Code")
                .defaultValue(java.util.Map.of("values", java.util.Map.of("responseCode", 200)))
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(PropertySpec.options("responseCode")
                                .displayName("Response Code")
                                .option(200, "200")
                                .option(201, "201")
                                .option(204, "204")
                                .option(301, "301")
                                .option(302, "302")
                                .option(304, "304")
                                .option(400, "400")
                                .option(401, "401")
                                .option(403, "403")
                                .option(404, "404")
                                .option("customCode", "Custom Code", "Write any HTTP code")
                                .defaultValue(200))
                        .child(PropertySpec.number("customCode")
                                .displayName("Code")
                                .defaultValue(200)
                                .minValue(100)
                                .showWhen("responseCode", "customCode")))
                .hideWhen("/responseMode", "responseNode");
    }

    /**
     * The status of the answer as n8n's Webhook reads it: the node's Response Code parameter when set (versions 1 and
     * 1.1, and the Wait), else the Response Code option's custom code or chosen code, else 200.
     *
     * @throws BadParameter naming the parameter when it is not an HTTP status 100-599
     */
    public static int responseCode(JsonNode parameters) {
        JsonNode top = parameters.path("responseCode");
        if (top.isValueNode() && !top.isNull() && !top.asText().isEmpty()) {
            return status(top, "responseCode");
        }
        JsonNode values = parameters.path("options").path("responseCode").path("values");
        JsonNode custom = values.path("customCode");
        if (custom.isValueNode() && !custom.isNull() && custom.asDouble(0) != 0) {
            return status(custom, "options.responseCode.values.customCode");
        }
        JsonNode chosen = values.path("responseCode");
        if (chosen.isMissingNode() || chosen.isNull() || "customCode".equals(chosen.asText())) {
            return 200; // "Custom Code" with its code left out: the code's default
        }
        return status(chosen, "options.responseCode.values.responseCode");
    }

    /** The value at {@code path} of an item's JSON as n8n's Property Name option reads it (lodash get), or null. */
    public static JsonNode responseProperty(JsonNode json, String path) {
        return JsonPaths.get(json, path);
    }

    private static int status(JsonNode value, String parameter) {
        double code = value.isNumber() ? value.asDouble() : parse(value.asText());
        if (code != Math.rint(code) || code < 100 || code > 599) {
            throw new BadParameter(parameter, "must be an HTTP status 100-599, got " + value.asText());
        }
        return (int) code;
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A parameter value a webhook cannot answer with. */
    public static final class BadParameter extends IllegalArgumentException {
        private final String parameter;
        private final String problem;

        BadParameter(String parameter, String problem) {
            super("parameter '" + parameter + "': " + problem);
            this.parameter = parameter;
            this.problem = problem;
        }

        public String parameter() {
            return parameter;
        }

        public String problem() {
            return problem;
        }
    }
}
