package io.hetumind.nodes.http;

import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Sends {@link RequestSpec}s. Redirects are followed here, not by the client, so every hop passes the
 * {@link NetworkPolicy} and the {@code maxRedirects} bound. Credentials on redirects follow n8n 2.8.4
 * (follow-redirects plus n8n's re-adding hook): {@code Authorization} and {@code Cookie} are dropped on a
 * hop to another host that is not a subdomain, or from https to http; {@code Authorization} comes back
 * on a hop to the first request's origin, or on every hop when {@code sendCredentialsCrossOrigin}. Each hop's host is resolved and checked once and the connection is opened to
 * that checked address ({@link PinnedClient}), so DNS cannot answer differently at connect time.
 */
final class HttpTransport {

    /** Per-request settings from the node's options. */
    record Settings(
            Duration timeout,
            boolean followRedirects,
            int maxRedirects,
            String proxy,
            boolean insecure,
            boolean sendCredentialsCrossOrigin,
            ClientTls tls) {

        /** Settings that never send credentials to another origin. */
        Settings(Duration timeout, boolean followRedirects, int maxRedirects, String proxy, boolean insecure) {
            this(timeout, followRedirects, maxRedirects, proxy, insecure, false, null);
        }

        /** Settings with the JVM's trust store (or none, when insecure) and no client certificate. */
        Settings(
                Duration timeout,
                boolean followRedirects,
                int maxRedirects,
                String proxy,
                boolean insecure,
                boolean sendCredentialsCrossOrigin) {
            this(timeout, followRedirects, maxRedirects, proxy, insecure, sendCredentialsCrossOrigin, null);
        }
    }

    static final String USER_AGENT = "hetumind";

    private final NetworkPolicy policy;

    /** How refusals name the node. */
    private final String actor;

    HttpTransport(NetworkPolicy policy) {
        this(policy, "HTTP Request");
    }

    HttpTransport(NetworkPolicy policy, String actor) {
        this.policy = policy;
        this.actor = actor;
    }

    HttpReply send(RequestSpec spec, Settings settings, int item) throws IOException, InterruptedException {
        return follow(
                spec,
                settings,
                item,
                (target, hop, uri, proxy) -> PinnedClient.exchange(target, hop, uri, settings, proxy, item),
                r -> r,
                r -> {});
    }

    /**
     * Like {@link #send}, but returns once the final response's head arrived, its body still to be read (an event
     * stream); the caller closes it.
     */
    PinnedClient.Streamed open(RequestSpec spec, Settings settings, int item) throws IOException, InterruptedException {
        return follow(
                spec,
                settings,
                item,
                (target, hop, uri, proxy) -> PinnedClient.open(target, hop, uri, settings, proxy, item),
                r -> r.head,
                PinnedClient.Streamed::close);
    }

    /** One hop's exchange. */
    private interface Hop<R> {
        R exchange(PinnedClient.Target target, RequestSpec spec, URI uri, Proxy proxy) throws IOException;
    }

    /** Sends {@code spec}, following redirects (each hop checked by the policy); {@code discard} drops a redirect. */
    private <R> R follow(
            RequestSpec spec,
            Settings settings,
            int item,
            Hop<R> hop,
            java.util.function.Function<R, HttpReply> head,
            java.util.function.Consumer<R> discard)
            throws IOException, InterruptedException {
        Proxy proxy = Proxy.parse(settings.proxy(), item);
        RequestSpec current = spec;
        URI uri = uri(current, item);
        URI first = uri;
        // n8n's redirect hook puts back headers.Authorization, spelt so; "authorization" stays dropped
        String authorization = spec.headerExact("Authorization");
        for (int n = 0; ; n++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            R r = hop.exchange(target(uri, proxy, item), current, uri, proxy);
            int status = head.apply(r).status();
            String location = head.apply(r).header("location");
            if (!settings.followRedirects() || location == null || !isRedirect(status)) {
                return r;
            }
            discard.accept(r);
            if (n >= settings.maxRedirects()) {
                throw NodeException.user(
                        "Maximum number of redirects (" + settings.maxRedirects() + ") exceeded [item " + item + "]",
                        item);
            }
            URI next = uri.resolve(location.strip());
            current = redirected(current, status, uri, next);
            if (authorization != null && (settings.sendCredentialsCrossOrigin() || sameOrigin(first, next))) {
                current.header("Authorization", authorization);
            }
            uri = next;
        }
    }

    /** Resolves and checks the hop's host (and the proxy's); the client connects only to what passed. */
    private PinnedClient.Target target(URI uri, Proxy proxy, int item) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw NodeException.user(
                    "parameter 'url': only http:// and https:// URLs can be requested, not '" + scheme + ":' [item "
                            + item + "]",
                    item);
        }
        String host = host(uri);
        if (host == null || host.isBlank()) {
            throw NodeException.user(
                    "the URL '" + scheme + "://" + uri.getRawAuthority() + "' has no host [item " + item + "]", item);
        }
        int port = port(uri, scheme.equals("https") ? 443 : 80);
        if (proxy == null) {
            return new PinnedClient.Target(
                    scheme, host, port, resolve(host, port, item).getFirst(), null);
        }
        if (!policy.allowsEverything()) {
            // The proxy connects to the target; we can only check what the name resolves to here.
            resolve(host, port, item);
        }
        InetAddress proxyAddress = resolve(proxy.host(), proxy.port(), item).getFirst();
        return new PinnedClient.Target(
                scheme, host, port, null, new PinnedClient.Endpoint(proxy.host(), proxy.port(), proxyAddress));
    }

    /**
     * The URI's host. java.net.URI leaves it null for numeric forms such as {@code 0x7f.1} or
     * {@code 127.1} (its grammar wants a letter in the last label); read those from the authority so
     * the policy sees and refuses them like any other address.
     */
    static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        return colon >= 0 && hostPort.indexOf(']') < colon ? hostPort.substring(0, colon) : hostPort;
    }

    private static int port(URI uri, int fallback) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String authority = uri.getRawAuthority();
        String hostPort = authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (uri.getHost() == null && colon >= 0 && hostPort.indexOf(']') < colon) {
            try {
                return Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private List<InetAddress> resolve(String host, int port, int item) {
        try {
            return policy.resolve(host, port);
        } catch (NetworkRefusedException e) {
            throw e.by(actor, item);
        } catch (UnknownHostException e) {
            throw NodeException.operational("The host '" + host + "' could not be resolved [item " + item + "]", null);
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

    /**
     * The next hop's request, as follow-redirects makes it: a POST answered 301/302, or any method but
     * GET/HEAD answered 303, becomes a body-less GET; credentials are dropped on a hop to another host
     * that is not a subdomain of this one, or from https to plain http.
     */
    private static RequestSpec redirected(RequestSpec prev, int status, URI from, URI to) {
        RequestSpec next = prev.copy();
        next.url = to.toString();
        next.query.clear();
        if (((status == 301 || status == 302) && "POST".equals(prev.method))
                || (status == 303 && !"GET".equals(prev.method) && !"HEAD".equals(prev.method))) {
            next.method = "GET";
            next.kind = RequestSpec.BodyKind.NONE;
            next.headers().keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).startsWith("content-"));
        }
        String fromScheme = from.getScheme().toLowerCase(Locale.ROOT);
        String toScheme = to.getScheme().toLowerCase(Locale.ROOT);
        String fromHost = hostPort(from);
        String toHost = hostPort(to);
        boolean downgrade = !fromScheme.equals(toScheme) && !toScheme.equals("https");
        boolean otherHost = !toHost.equals(fromHost) && !isSubdomain(toHost, fromHost);
        if (downgrade || otherHost) {
            next.removeHeader("Authorization");
            next.removeHeader("Proxy-Authorization");
            next.removeHeader("Cookie");
        }
        return next;
    }

    private static boolean sameOrigin(URI a, URI b) {
        String sa = a.getScheme().toLowerCase(Locale.ROOT);
        String sb = b.getScheme().toLowerCase(Locale.ROOT);
        int dflt = sa.equals("https") ? 443 : 80;
        return sa.equals(sb)
                && String.valueOf(host(a)).equalsIgnoreCase(String.valueOf(host(b)))
                && port(a, dflt) == port(b, sb.equals("https") ? 443 : 80);
    }

    /** {@code host[:port]} as Node's URL gives it (the port only when not the scheme's default). */
    private static String hostPort(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = port(u, -1);
        boolean dflt = port < 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return String.valueOf(host(u)).toLowerCase(Locale.ROOT) + (dflt ? "" : ":" + port);
    }

    private static boolean isSubdomain(String sub, String domain) {
        int dot = sub.length() - domain.length() - 1;
        return dot > 0 && sub.charAt(dot) == '.' && sub.endsWith(domain);
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
