package io.hetumind.nodes.http;

import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends {@link RequestSpec}s with java.net.http. Redirects are followed here, not by the client,
 * so every hop passes the {@link OutboundGuard} and the {@code maxRedirects} bound; credentials are
 * dropped when a redirect leaves the origin. Clients are shared per (proxy, certificate policy).
 */
final class HttpTransport {

    /** Per-request settings from the node's options. */
    record Settings(Duration timeout, boolean followRedirects, int maxRedirects, String proxy, boolean insecure) {}

    private record ClientKey(String proxyHost, int proxyPort, boolean insecure) {}

    private static final Map<ClientKey, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    static final String USER_AGENT = "hetumind";

    private final OutboundGuard guard;

    HttpTransport(OutboundGuard guard) {
        this.guard = guard;
    }

    HttpReply send(RequestSpec spec, Settings settings, int item) throws IOException, InterruptedException {
        Proxy proxy = Proxy.parse(settings.proxy(), item);
        HttpClient client = client(proxy, settings.insecure());
        RequestSpec current = spec;
        URI uri = uri(current, item);
        for (int hop = 0; ; hop++) {
            guard.check(uri, item);
            if (proxy != null) {
                guard.check(URI.create("http://" + proxy.host() + ":" + proxy.port()), item);
            }
            HttpResponse<byte[]> r =
                    client.send(request(current, uri, settings, proxy, item), HttpResponse.BodyHandlers.ofByteArray());
            int status = r.statusCode();
            String location = r.headers().firstValue("location").orElse(null);
            if (!settings.followRedirects() || location == null || !isRedirect(status)) {
                return new HttpReply(status, r.headers().map(), r.body(), uri);
            }
            if (hop >= settings.maxRedirects()) {
                throw NodeException.user(
                        "Maximum number of redirects (" + settings.maxRedirects() + ") exceeded [item " + item + "]",
                        item);
            }
            URI next = uri.resolve(location.strip());
            current = redirected(current, status, uri, next);
            uri = next;
        }
    }

    private static URI uri(RequestSpec spec, int item) {
        try {
            return spec.uri();
        } catch (IllegalArgumentException e) {
            throw NodeException.user("parameter 'url': invalid URL: " + e.getMessage() + " [item " + item + "]", item);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The next hop's request: 301/302/303 turn into a body-less GET; credentials stay on the origin. */
    private static RequestSpec redirected(RequestSpec prev, int status, URI from, URI to) {
        RequestSpec next = prev.copy();
        next.url = to.toString();
        next.query.clear();
        if (status == 303 || ((status == 301 || status == 302) && !"HEAD".equals(prev.method))) {
            next.method = "GET";
            next.kind = RequestSpec.BodyKind.NONE;
            next.removeHeader("Content-Type");
        }
        boolean sameOrigin = from.getScheme().equalsIgnoreCase(to.getScheme())
                && from.getHost().equalsIgnoreCase(String.valueOf(to.getHost()))
                && from.getPort() == to.getPort();
        if (!sameOrigin) {
            next.removeHeader("Authorization");
            next.removeHeader("Cookie");
        }
        return next;
    }

    private static HttpRequest request(RequestSpec spec, URI uri, Settings settings, Proxy proxy, int item) {
        byte[] body = spec.body();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        b.setHeader("User-Agent", USER_AGENT);
        if (proxy != null && proxy.authorization() != null) {
            if ("https".equalsIgnoreCase(uri.getScheme())) {
                throw NodeException.user(
                        "option 'proxy': proxy credentials are only supported for http:// URLs [item " + item + "]",
                        item);
            }
            b.setHeader("Proxy-Authorization", proxy.authorization());
        }
        spec.headers().forEach((k, v) -> {
            try {
                b.setHeader(k, v);
            } catch (IllegalArgumentException e) {
                throw NodeException.user(
                        "header '" + k + "' cannot be sent: " + e.getMessage() + " [item " + item + "]", item);
            }
        });
        return b.method(
                        spec.method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static HttpClient client(Proxy proxy, boolean insecure) {
        ClientKey key = new ClientKey(proxy == null ? null : proxy.host(), proxy == null ? 0 : proxy.port(), insecure);
        return CLIENTS.computeIfAbsent(key, k -> {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(30));
            if (k.proxyHost() != null) {
                b.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(k.proxyHost(), k.proxyPort())));
            }
            if (k.insecure()) {
                b.sslContext(TrustAll.context());
            }
            return b.build();
        });
    }

    /** {@code options.proxy}: {@code http://[user:password@]host:port}. */
    record Proxy(String host, int port, String authorization) {

        static Proxy parse(String value, int item) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                URI u = URI.create(value.contains("://") ? value.strip() : "http://" + value.strip());
                if (u.getHost() == null || !"http".equalsIgnoreCase(u.getScheme())) {
                    throw new IllegalArgumentException("expected http://host:port");
                }
                String auth = u.getRawUserInfo() == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(java.net.URLDecoder.decode(
                                                        u.getRawUserInfo(), java.nio.charset.StandardCharsets.UTF_8)
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return new Proxy(u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), auth);
            } catch (IllegalArgumentException e) {
                throw NodeException.user(
                        "option 'proxy': invalid proxy '" + value.replaceAll("//[^@/]*@", "//***@") + "': "
                                + e.getMessage() + " [item " + item + "]",
                        item);
            }
        }
    }
}
