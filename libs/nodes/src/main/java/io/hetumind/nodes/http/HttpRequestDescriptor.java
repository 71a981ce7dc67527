package io.hetumind.nodes.http;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The HTTP Request descriptor, with n8n v3/v4 parameter names. */
final class HttpRequestDescriptor {

    private HttpRequestDescriptor() {}

    static NodeDescriptor build() {
        NodeDescriptor.Builder b = NodeDescriptor.builder("hetumind.httpRequest")
                .versions(1, 2, 3, 4, 4.1, 4.2)
                .displayName("HTTP Request")
                .description("Makes an HTTP request and returns the response data (v1/v2: n8n's legacy parameters)")
                .group(NodeGroup.HTTP)
                .icon("globe")
                .alias("n8n-nodes-base.httpRequest")
                .credential("httpBasicAuth", false)
                .credential("httpHeaderAuth", false)
                .credential("httpQueryAuth", false)
                .credential("httpBearerAuth", false)
                .credential("oAuth2Api", false)
                .property(PropertySpec.options("method")
                        .displayName("Method")
                        .option("DELETE", "DELETE")
                        .option("GET", "GET")
                        .option("HEAD", "HEAD")
                        .option("OPTIONS", "OPTIONS")
                        .option("PATCH", "PATCH")
                        .option("POST", "POST")
                        .option("PUT", "PUT")
                        .defaultValue("GET"))
                .property(PropertySpec.string("url")
                        .displayName("URL")
                        .required()
                        .placeholder("http://example.com/index.html")
                        .description("The URL to make the request to"))
                .property(PropertySpec.options("authentication")
                        .displayName("Authentication")
                        .option("none", "None")
                        .option("genericCredentialType", "Generic Credential Type")
                        .defaultValue("none")
                        .hideWhen(PropertySpec.VERSION, 1))
                .property(PropertySpec.options("genericAuthType")
                        .displayName("Generic Auth Type")
                        .option("httpBasicAuth", "Basic Auth")
                        .option("httpHeaderAuth", "Header Auth")
                        .option("httpQueryAuth", "Query Auth")
                        .option("httpBearerAuth", "Bearer Auth")
                        .option("oAuth2Api", "OAuth2 API (client credentials)")
                        .defaultValue("httpBasicAuth")
                        .showWhen("authentication", "genericCredentialType"))
                .property(PropertySpec.bool("sendQuery").displayName("Send Query Parameters"))
                .property(keypairOrJson("specifyQuery", "Specify Query Parameters")
                        .showWhen("sendQuery", true))
                .property(parameters("queryParameters", "Query Parameters").showWhen("sendQuery", true))
                .property(PropertySpec.json("jsonQuery")
                        .displayName("JSON (query)")
                        .defaultValue("")
                        .showWhen("specifyQuery", "json"))
                .property(PropertySpec.bool("sendHeaders").displayName("Send Headers"))
                .property(keypairOrJson("specifyHeaders", "Specify Headers").showWhen("sendHeaders", true))
                .property(parameters("headerParameters", "Header Parameters").showWhen("sendHeaders", true))
                .property(PropertySpec.json("jsonHeaders")
                        .displayName("JSON (headers)")
                        .defaultValue("")
                        .showWhen("specifyHeaders", "json"))
                .property(PropertySpec.bool("sendBody").displayName("Send Body"))
                .property(PropertySpec.options("contentType")
                        .displayName("Body Content Type")
                        .option("json", "JSON")
                        .option("form-urlencoded", "Form Urlencoded")
                        .option("multipart-form-data", "Form-Data")
                        .option("raw", "Raw")
                        .option("binaryData", "n8n Binary File")
                        .defaultValue("json")
                        .showWhen("sendBody", true))
                .property(PropertySpec.string("inputDataFieldName")
                        .displayName("Input Data Field Name")
                        .defaultValue("data")
                        .description("The binary property of the input item to send as the body")
                        .showWhen("contentType", "binaryData"))
                .property(PropertySpec.options("specifyBody")
                        .displayName("Specify Body")
                        .option("keypair", "Using Fields Below")
                        .option("json", "Using JSON")
                        .option("string", "Using a Single Field (form-urlencoded)")
                        .defaultValue("keypair")
                        .showWhen("sendBody", true))
                .property(parameters("bodyParameters", "Body Parameters").showWhen("sendBody", true))
                .property(PropertySpec.json("jsonBody")
                        .displayName("JSON (body)")
                        .defaultValue("")
                        .showWhen("specifyBody", "json"))
                .property(PropertySpec.string("body")
                        .displayName("Body")
                        .description("Raw body, or the urlencoded string for specifyBody 'string'")
                        .showWhen("sendBody", true))
                .property(PropertySpec.string("rawContentType")
                        .displayName("Content Type")
                        .placeholder("text/html")
                        .showWhen("contentType", "raw"))
                .property(HttpOptions.spec());
        HttpLegacyDescriptor.properties().forEach(b::property);
        return b.build();
    }

    private static PropertySpec.Builder keypairOrJson(String name, String label) {
        return PropertySpec.options(name)
                .displayName(label)
                .option("keypair", "Using Fields Below")
                .option("json", "Using JSON")
                .defaultValue("keypair");
    }

    private static PropertySpec.Builder parameters(String name, String label) {
        return PropertySpec.fixedCollection(name)
                .displayName(label)
                .description("{parameters: [{name, value}]}")
                .multipleValues();
    }
}
