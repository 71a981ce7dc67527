package io.hetumind.nodes.http;

import io.hetumind.core.spi.PropertySpec;

/** The HTTP Request {@code options} collection. */
final class HttpOptions {

    private HttpOptions() {}

    static PropertySpec spec() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .child(PropertySpec.number("timeout")
                        .displayName("Timeout")
                        .defaultValue(10000)
                        .description("Milliseconds to wait for the response before aborting"))
                .child(PropertySpec.bool("lowercaseHeaders")
                        .displayName("Lowercase Headers")
                        .defaultValue(true)
                        .description("Lowercase header names in a full response"))
                .child(PropertySpec.fixedCollection("redirect")
                        .displayName("Redirects")
                        .description("{redirect: {followRedirects: true}}"))
                .child(PropertySpec.fixedCollection("response")
                        .displayName("Response")
                        .description("{response: {fullResponse, neverError, responseFormat: autodetect|json|text,"
                                + " outputPropertyName}}"))
                .build();
    }
}
