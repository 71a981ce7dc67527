package io.hetumind.iam.rest;

import io.vertx.core.http.HttpServerRequest;

/** The client's address for rate limits and the audit log (forwarded headers only when Quarkus trusts them). */
final class ClientAddress {
    private ClientAddress() {}

    static String of(HttpServerRequest request) {
        return request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }
}
