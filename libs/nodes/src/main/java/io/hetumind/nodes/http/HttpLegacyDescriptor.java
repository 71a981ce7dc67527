package io.hetumind.nodes.http;

import io.hetumind.core.spi.PropertySpec;
import java.util.List;

/** The HTTP Request v1/v2 properties (n8n's legacy parameter shape), shown only for those versions. */
final class HttpLegacyDescriptor {

    static final Object[] LEGACY = {1, 2};
    static final Object[] CURRENT = {3, 4, 4.1, 4.2, 4.3, 4.4};

    private HttpLegacyDescriptor() {}

    static List<PropertySpec.Builder> properties() {
        return List.of(
                PropertySpec.options("requestMethod")
                        .displayName("Request Method")
                        .option("DELETE", "DELETE")
                        .option("GET", "GET")
                        .option("HEAD", "HEAD")
                        .option("OPTIONS", "OPTIONS")
                        .option("PATCH", "PATCH")
                        .option("POST", "POST")
                        .option("PUT", "PUT")
                        .defaultValue("GET")
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.options("authentication")
                        .displayName("Authentication")
                        .option("none", "None")
                        .option("basicAuth", "Basic Auth")
                        .option("digestAuth", "Digest Auth")
                        .option("headerAuth", "Header Auth")
                        .option("queryAuth", "Query Auth")
                        .option("oAuth2", "OAuth2 (client credentials)")
                        .defaultValue("none")
                        .showWhen(PropertySpec.VERSION, 1),
                PropertySpec.bool("allowUnauthorizedCerts")
                        .displayName("Ignore SSL Issues")
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.options("responseFormat")
                        .displayName("Response Format")
                        .option("file", "File")
                        .option("json", "JSON")
                        .option("string", "String")
                        .defaultValue("json")
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.string("dataPropertyName")
                        .displayName("Property Name")
                        .defaultValue("data")
                        .description("The binary property (File) or JSON property (String) for the response")
                        .showWhen("responseFormat", "file", "string")
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.bool("jsonParameters")
                        .displayName("JSON/RAW Parameters")
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.bool("sendBinaryData")
                        .displayName("Send Binary File")
                        .description("Whether binary data should be sent as body")
                        .showWhen("jsonParameters", true)
                        .showWhen("requestMethod", "PATCH", "POST", "PUT")
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.string("binaryPropertyName")
                        .displayName("Input Binary Field")
                        .defaultValue("data")
                        .required()
                        .description("The binary field to send; for Form-Data Multipart several as"
                                + " \"sendKey1:binaryProperty1,sendKey2:binaryProperty2\"")
                        .showWhen("sendBinaryData", true)
                        .showWhen("jsonParameters", true)
                        .showWhen("requestMethod", "PATCH", "POST", "PUT")
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.json("bodyParametersJson")
                        .displayName("Body Parameters (JSON or raw text)")
                        .defaultValue("")
                        .showWhen("jsonParameters", true)
                        .hideWhen("sendBinaryData", true)
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.json("headerParametersJson")
                        .displayName("Headers (JSON)")
                        .defaultValue("")
                        .showWhen("jsonParameters", true)
                        .showWhen(PropertySpec.VERSION, LEGACY),
                PropertySpec.json("queryParametersJson")
                        .displayName("Query Parameters (JSON)")
                        .defaultValue("")
                        .showWhen("jsonParameters", true)
                        .showWhen(PropertySpec.VERSION, LEGACY),
                ui("bodyParametersUi", "Body Parameters"),
                ui("headerParametersUi", "Headers"),
                ui("queryParametersUi", "Query Parameters"),
                PropertySpec.collection("options")
                        .displayName("Options")
                        .showWhen(PropertySpec.VERSION, LEGACY)
                        .child(PropertySpec.options("bodyContentType")
                                .displayName("Body Content Type")
                                .option("json", "JSON")
                                .option("raw", "RAW/Custom")
                                .option("multipart-form-data", "Form-Data Multipart")
                                .option("form-urlencoded", "Form Encoded")
                                .defaultValue("json"))
                        .child(PropertySpec.string("bodyContentCustomMimeType").displayName("MIME Type"))
                        .child(PropertySpec.number("batchInterval")
                                .displayName("Batch Interval")
                                .defaultValue(1000)
                                .minValue(0)
                                .description("Time (in milliseconds) between each batch of requests; 0 for disabled"))
                        .child(PropertySpec.number("batchSize")
                                .displayName("Batch Size")
                                .defaultValue(50)
                                .minValue(-1)
                                .description("Input will be split in batches to throttle requests; -1 for disabled, 0"
                                        + " is taken as 1"))
                        .child(PropertySpec.bool("followRedirect")
                                .displayName("Follow GET/HEAD Redirect")
                                .defaultValue(true))
                        .child(PropertySpec.bool("followAllRedirects").displayName("Follow All Redirects"))
                        .child(PropertySpec.bool("fullResponse").displayName("Full Response"))
                        .child(PropertySpec.bool("ignoreResponseCode").displayName("Ignore Response Code"))
                        .child(PropertySpec.string("proxy").displayName("Proxy"))
                        .child(PropertySpec.bool("splitIntoItems").displayName("Split Into Items"))
                        .child(PropertySpec.number("timeout")
                                .displayName("Timeout")
                                .description("Milliseconds to wait for the response; one hour when not set"))
                        .child(PropertySpec.bool("useQueryString")
                                .displayName("Use Querystring")
                                .description(
                                        "Repeat array query parameters as foo=bar&foo=qux instead of foo[0]=bar")));
    }

    private static PropertySpec.Builder ui(String name, String label) {
        return PropertySpec.fixedCollection(name)
                .displayName(label)
                .multipleValues()
                .addButtonText("Add Parameter")
                .child(PropertySpec.collection("parameter")
                        .displayName("Parameter")
                        .child(PropertySpec.string("name").displayName("Name"))
                        .child(PropertySpec.string("value").displayName("Value")))
                .hideWhen("jsonParameters", true)
                .showWhen(PropertySpec.VERSION, LEGACY);
    }
}
