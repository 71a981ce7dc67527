package io.hetumind.nodes.wasm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.extism.sdk.chicory.http.ExtismHttpException;
import org.extism.sdk.chicory.http.HttpClientAdapter;
import org.extism.sdk.chicory.http.HttpConfig;
import org.extism.sdk.chicory.http.HttpJsonCodec;

/**
 * The plugin's {@code http_request}: Extism's host already refused hosts outside the node's allow
 * list; this adapter also asks the instance's {@link NetworkPolicy} (no private or metadata addresses
 * on a multi-tenant host), never follows redirects (they could leave the allow list), and caps the
 * response body. One adapter per plugin instance: the status code of the last request is its state.
 *
 * <p>Known gap: {@code java.net.http} resolves the host again after the policy checked it, so a DNS
 * answer that changes in between (DNS rebinding) could reach an address the policy would refuse. The
 * allow list of host names narrows that to hosts the workflow's author named.
 */
final class PluginHttp implements HttpClientAdapter {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final NetworkPolicy policy;
    private final int maxBody;
    private final Duration timeout;
    private int status;
    private Map<String, List<String>> headers = Map.of();

    PluginHttp(NetworkPolicy policy, int maxBody, Duration timeout) {
        this.policy = policy;
        this.maxBody = maxBody;
        this.timeout = timeout;
    }

    static HttpConfig config(PluginHttp adapter) {
        return HttpConfig.builder()
                .withJsonCodec(Codec::new)
                .withClientAdapter(() -> adapter)
                .build();
    }

    @Override
    public byte[] request(String method, URI uri, Map<String, String> requestHeaders, byte[] body) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ExtismHttpException("HTTP request to '" + uri + "' is not allowed: only http and https");
        }
        String verb = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(verb)) {
            throw new ExtismHttpException("HTTP method '" + method + "' is not supported");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        try {
            policy.resolve(uri.getHost(), port);
        } catch (NetworkRefusedException e) {
            throw new ExtismHttpException("HTTP request to '" + uri.getHost() + "' is not allowed: " + e.getMessage());
        } catch (IOException e) {
            throw new ExtismHttpException("HTTP request to '" + uri.getHost() + "' failed: unknown host");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        verb,
                        body == null || body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (requestHeaders != null) {
            requestHeaders.forEach((k, v) -> {
                try {
                    req.header(k, v);
                } catch (IllegalArgumentException e) {
                    // restricted headers (Host, Connection …) are the client's to set
                }
            });
        }
        try {
            HttpResponse<InputStream> resp = CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = resp.statusCode();
            headers = resp.headers().map();
            try (InputStream in = resp.body()) {
                byte[] data = in.readNBytes(maxBody + 1);
                if (data.length > maxBody) {
                    throw new ExtismHttpException("HTTP response from '" + uri.getHost()
                            + "' is larger than the cap of " + maxBody / 1024 + " KiB");
                }
                return data;
            }
        } catch (IOException e) {
            throw new ExtismHttpException("HTTP request to '" + uri.getHost() + "' failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtismHttpException("HTTP request to '" + uri.getHost() + "' was interrupted");
        }
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** Extism's request metadata ({@code {"url", "method", "headers"}}) with the project's JSON mapper. */
    static final class Codec implements HttpJsonCodec {
        @Override
        public RequestMetadata decodeMetadata(byte[] data) {
            JsonNode req;
            try {
                req = Json.reader().readTree(data);
            } catch (IOException e) {
                throw new ExtismHttpException("HTTP request metadata is not JSON: " + e.getMessage());
            }
            if (req == null || !req.path("url").isTextual()) {
                throw new ExtismHttpException("HTTP request metadata has no url");
            }
            URI uri;
            try {
                uri = URI.create(req.path("url").asText());
            } catch (IllegalArgumentException e) {
                throw new ExtismHttpException("HTTP request url is invalid: " + e.getMessage());
            }
            String method = req.path("method").asText("GET");
            Map<String, String> headers = new HashMap<>();
            req.path("headers")
                    .properties()
                    .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            return new RequestMetadata() {
                @Override
                public String method() {
                    return method;
                }

                @Override
                public URI uri() {
                    return uri;
                }

                @Override
                public Map<String, String> headers() {
                    return headers;
                }
            };
        }

        @Override
        public byte[] encodeHeaders(Map<String, List<String>> headers) {
            var node = Json.object();
            headers.forEach((k, v) -> node.put(k, String.join(", ", v)));
            return Json.write(node).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
