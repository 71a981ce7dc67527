package io.hetumind.nodes.http;

import io.hetumind.core.spi.PropertySpec;

/** The HTTP Request {@code options} collection (n8n v4 names). */
final class HttpOptions {

    private HttpOptions() {}

    /** Items sent concurrently per batch and the pause between batches (every version reads it). */
    static PropertySpec.Builder batching() {
        return PropertySpec.fixedCollection("batching")
                .displayName("Batching")
                .child(PropertySpec.collection("batch")
                        .displayName("Batching")
                        .child(PropertySpec.number("batchSize")
                                .displayName("Items per Batch")
                                .defaultValue(50)
                                .minValue(-1)
                                .description("Items sent concurrently per batch; -1 disables batching"))
                        .child(PropertySpec.number("batchInterval")
                                .displayName("Batch Interval (ms)")
                                .defaultValue(1000)
                                .minValue(0)));
    }

    static PropertySpec spec() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .child(batching())
                .child(PropertySpec.bool("allowUnauthorizedCerts")
                        .displayName("Ignore SSL Issues (Insecure)")
                        .description("Accept any TLS certificate, even expired, self-signed or for another host"))
                .child(PropertySpec.options("queryParameterArrays")
                        .displayName("Array Format in Query Parameters")
                        .option("repeat", "No Brackets")
                        .option("brackets", "Brackets Only")
                        .option("indices", "Brackets with Indices")
                        .defaultValue("brackets")
                        .description("How an array is written: foo=bar&foo=qux, foo[]=bar&foo[]=qux or"
                                + " foo[0]=bar&foo[1]=qux (not set: with indices)")
                        .showWhen("/sendQuery", true))
                .child(PropertySpec.bool("lowercaseHeaders")
                        .displayName("Lowercase Headers")
                        .defaultValue(true)
                        .description("Lowercase header names in a full response"))
                .child(PropertySpec.fixedCollection("redirect")
                        .displayName("Redirects")
                        .child(PropertySpec.collection("redirect")
                                .displayName("Redirect")
                                .child(PropertySpec.bool("followRedirects")
                                        .displayName("Follow Redirects")
                                        .defaultValue(true)
                                        .description("Not set: on from v4, off in v3"))
                                .child(PropertySpec.number("maxRedirects")
                                        .displayName("Max Redirects")
                                        .defaultValue(21))))
                .child(PropertySpec.fixedCollection("response")
                        .displayName("Response")
                        .child(PropertySpec.collection("response")
                                .displayName("Response")
                                .child(PropertySpec.bool("fullResponse")
                                        .displayName("Include Response Headers and Status"))
                                .child(PropertySpec.bool("neverError").displayName("Never Error"))
                                .child(PropertySpec.options("responseFormat")
                                        .displayName("Response Format")
                                        .option("autodetect", "Autodetect")
                                        .option("file", "File")
                                        .option("json", "JSON")
                                        .option("text", "Text")
                                        .defaultValue("autodetect"))
                                .child(PropertySpec.string("outputPropertyName")
                                        .displayName("Put Output in Field")
                                        .defaultValue("data")
                                        .description("Field for text output, or binary property for a file"))))
                .child(PaginationSpec.spec())
                .child(PropertySpec.string("proxy")
                        .displayName("Proxy")
                        .placeholder("http://myproxy:3128")
                        .description(
                                "HTTP proxy: http://[user:password@]host:port (credentials only for http:// URLs)"))
                .child(PropertySpec.number("timeout")
                        .displayName("Timeout")
                        .defaultValue(10000)
                        .description("Milliseconds to wait for the response before aborting"))
                .child(PropertySpec.bool("sendCredentialsOnCrossOriginRedirect")
                        .displayName("Send Credentials on Cross-Origin Redirect")
                        .description("Whether to send credentials, like the Authorization header, on redirects to a"
                                + " different origin (off by default in every version: n8n sent them before 4.4)"))
                .showWhen(PropertySpec.VERSION, HttpLegacyDescriptor.CURRENT)
                .build();
    }
}
