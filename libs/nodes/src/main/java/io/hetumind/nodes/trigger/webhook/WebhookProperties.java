package io.hetumind.nodes.trigger.webhook;

import io.hetumind.core.spi.PropertySpec;

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
}
