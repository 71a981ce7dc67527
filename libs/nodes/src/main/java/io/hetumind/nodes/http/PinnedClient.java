package io.hetumind.nodes.http;

import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client behind {@link HttpTransport}: Apache HttpClient 5, because it connects to an
 * address given with the target ({@link HttpHost} with an {@link InetAddress}) while TLS still
 * verifies and sends SNI for the host name — java.net.http always resolves the name itself when it
 * connects. Its DNS resolver refuses every lookup, so a connection can only go to an address the
 * {@link io.hetumind.core.spi.NetworkPolicy} checked. One pooled client per certificate policy.
 */
final class PinnedClient {

    /** Where one hop connects: straight to {@code address}, or through {@code proxy}. */
    record Target(String scheme, String host, int port, InetAddress address, Endpoint proxy) {}

    /** A checked proxy endpoint. */
    record Endpoint(String host, int port, InetAddress address) {}

    /** Headers the client writes itself from the body and connection; a user's copy is dropped. */
    private static final Set<String> CLIENT_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    private static final DnsResolver NO_DNS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + ": not resolved by the HTTP client (the network policy resolves)");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host);
        }
    };

    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private static final class Clients {
        static final CloseableHttpClient STRICT = create(DefaultClientTlsStrategy.createSystemDefault());
        static final CloseableHttpClient INSECURE = create(new DefaultClientTlsStrategy(
                TrustAll.context(), HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE));
    }

    /**
     * Clients for SSL Certificates credentials, one per material (by digest) and certificate policy, the 64 used last
     * kept open.
     */
    private static final LeasedClients<CloseableHttpClient> WITH_CERTIFICATES = new LeasedClients<>(64);

    /** A client held for one exchange; release it when the exchange is done. */
    private record Use(CloseableHttpClient client, Runnable release) {}

    private static DefaultClientTlsStrategy tlsStrategy(ClientTls tls, boolean insecure) {
        return insecure
                ? new DefaultClientTlsStrategy(
                        tls.context(true), HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE)
                : new DefaultClientTlsStrategy(tls.context(false));
    }

    private PinnedClient() {}

    static HttpReply exchange(
            Target target,
            RequestSpec spec,
            URI uri,
            HttpTransport.Settings settings,
            HttpTransport.Proxy proxy,
            int item)
            throws IOException {
        HttpUriRequestBase request = request(spec, uri, settings, target, proxy, item);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadline(request, settings, expired);
        Use use = client(settings);
        try (ClassicHttpResponse r = use.client().executeOpen(host(target), request, null)) {
            byte[] body = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity());
            return new HttpReply(r.getCode(), headers(r), body, uri);
        } catch (IOException e) {
            throw translated(e, expired);
        } finally {
            deadline.cancel(false);
            use.release().run();
        }
    }

    /**
     * A response whose body is still arriving (an event stream): the timeout bounds connecting and the response
     * head only, and reading the body waits as long as the server is silent. Closing it aborts the connection, from
     * any thread, so a reader blocked on the body gets an {@link IOException}.
     */
    static final class Streamed implements AutoCloseable {
        final HttpReply head;
        final InputStream body;
        private final HttpUriRequestBase request;
        private final ClassicHttpResponse response;
        private final Runnable release;

        private Streamed(
                HttpReply head,
                InputStream body,
                HttpUriRequestBase request,
                ClassicHttpResponse response,
                Runnable release) {
            this.head = head;
            this.body = body;
            this.request = request;
            this.response = response;
            this.release = release;
        }

        @Override
        public void close() {
            // cancel first: closing alone would read the rest of an endless body to reuse the connection
            request.cancel();
            try {
                response.close();
            } catch (IOException e) {
                // the connection is gone either way
            } finally {
                release.run();
            }
        }
    }

    /** Sends the request and returns once the response head arrived; the caller reads and closes the body. */
    static Streamed open(
            Target target,
            RequestSpec spec,
            URI uri,
            HttpTransport.Settings settings,
            HttpTransport.Proxy proxy,
            int item)
            throws IOException {
        HttpUriRequestBase request = request(spec, uri, settings, target, proxy, item);
        request.setConfig(RequestConfig.copy(request.getConfig())
                .setResponseTimeout(Timeout.INFINITE)
                .build());
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadline(request, settings, expired);
        Use use = client(settings);
        ClassicHttpResponse r;
        try {
            r = use.client().executeOpen(host(target), request, null);
        } catch (IOException e) {
            use.release().run();
            throw translated(e, expired);
        } finally {
            deadline.cancel(false);
        }
        InputStream body;
        try {
            body = r.getEntity() == null
                    ? InputStream.nullInputStream()
                    : r.getEntity().getContent();
        } catch (IOException e) {
            new Streamed(null, null, request, r, use.release()).close();
            throw translated(e, expired);
        }
        return new Streamed(new HttpReply(r.getCode(), headers(r), new byte[0], uri), body, request, r, use.release());
    }

    private static HttpHost host(Target target) {
        return target.address() == null
                ? new HttpHost(target.scheme(), target.host(), target.port())
                : new HttpHost(target.scheme(), target.address(), target.host(), target.port());
    }

    /** Cancels the request when the settings' timeout passes, noting that it expired. */
    private static ScheduledFuture<?> deadline(
            HttpUriRequestBase request, HttpTransport.Settings settings, AtomicBoolean expired) {
        return DEADLINES.schedule(
                () -> {
                    expired.set(true);
                    request.cancel();
                },
                settings.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static Use client(HttpTransport.Settings settings) {
        if (settings.tls() == null) {
            return new Use(settings.insecure() ? Clients.INSECURE : Clients.STRICT, () -> {});
        }
        LeasedClients<CloseableHttpClient>.Lease lease = WITH_CERTIFICATES.lease(
                settings.tls().key() + (settings.insecure() ? ":insecure" : ""),
                () -> create(tlsStrategy(settings.tls(), settings.insecure())));
        return new Use(lease.client(), lease::release);
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse r) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : r.getHeaders()) {
            headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
        }
        return headers;
    }

    /** What a failed exchange is reported as: timeouts as such, refused connections without the addresses tried. */
    private static IOException translated(IOException e, AtomicBoolean expired) {
        if (e instanceof SocketTimeoutException) {
            return new HttpTimeoutException("timed out");
        }
        if (e instanceof HttpHostConnectException) {
            // Its message lists the addresses it tried; say only why the connection failed.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new ConnectException(cause.getMessage() == null ? "connection refused" : cause.getMessage());
        }
        if (expired.get() || e instanceof InterruptedIOException) {
            return new HttpTimeoutException("timed out");
        }
        return e;
    }

    private static HttpUriRequestBase request(
            RequestSpec spec,
            URI uri,
            HttpTransport.Settings settings,
            Target target,
            HttpTransport.Proxy proxy,
            int item) {
        byte[] body = spec.body(); // first: it sets the body's Content-Type header
        HttpUriRequestBase r = new HttpUriRequestBase(spec.method, uri);
        if (uri.getHost() == null) {
            // a numeric form java.net.URI does not take as a host (0x7f.1): name it as the URL spells it
            r.setAuthority(new URIAuthority(target.host(), target.port()));
        }
        RequestConfig.Builder config = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(settings.timeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.timeout()));
        if (target.proxy() != null) {
            Endpoint p = target.proxy();
            config.setProxy(new HttpHost("http", p.address(), p.host(), p.port()));
        }
        r.setConfig(config.build());
        r.setHeader("User-Agent", HttpTransport.USER_AGENT);
        if (proxy != null && proxy.authorization() != null) {
            if ("https".equalsIgnoreCase(uri.getScheme())) {
                throw NodeException.user(
                        "option 'proxy': proxy credentials are only supported for http:// URLs [item " + item + "]",
                        item);
            }
            r.setHeader("Proxy-Authorization", proxy.authorization());
        }
        spec.headers().forEach((k, v) -> {
            String problem = headerProblem(k, v);
            if (problem != null) {
                throw NodeException.user(
                        "header '" + k + "' cannot be sent: " + problem + " [item " + item + "]", item);
            }
            if (!CLIENT_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                r.setHeader(k, v);
            }
        });
        if (body != null) {
            r.setEntity(new ByteArrayEntity(body, null));
        }
        return r;
    }

    /** Why a header cannot go on the wire (an invalid name, a line break in the value), or null. */
    private static String headerProblem(String name, String value) {
        if (name.isEmpty()) {
            return "the name is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return "invalid character in the name";
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return "the value contains a line break";
            }
        }
        return null;
    }

    private static CloseableHttpClient create(DefaultClientTlsStrategy tls) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(NO_DNS)
                .setTlsSocketStrategy(tls)
                .setMaxConnTotal(512)
                .setMaxConnPerRoute(64)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(30))
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                .build();
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("hetumind-http-deadlines").factory());
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
}
