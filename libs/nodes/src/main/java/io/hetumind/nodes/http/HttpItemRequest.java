package io.hetumind.nodes.http;

import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The request (or paginated series) of one input item: build, authenticate, send, read. */
final class HttpItemRequest {

    private static final String R = "options.response.response.";

    private final NodeContext ctx;
    private final int i;
    private final HttpAuth auth;
    private final HttpTransport transport;
    private final HttpTransport.Settings settings;
    private final OAuth2Tokens tokens;

    HttpItemRequest(NodeContext ctx, int i, HttpAuth auth) {
        this(
                ctx,
                i,
                auth,
                new HttpTransport.Settings(
                        Duration.ofMillis(Math.max(1, ctx.param("options.timeout", i, Long.class, 300_000L))),
                        followRedirects(ctx, i),
                        maxRedirects(ctx, i),
                        ctx.param("options.proxy", i, String.class, ""),
                        ctx.param("options.allowUnauthorizedCerts", i, Boolean.class, false),
                        sendCredentialsCrossOrigin(ctx, i),
                        clientTls(ctx, i)));
    }

    /** "Provide SSL Certificates": the httpSslAuth credential's CA, certificate and key, else null. */
    private static ClientTls clientTls(NodeContext ctx, int i) {
        if (!ctx.param("provideSslCertificates", i, Boolean.class, false)) {
            return null;
        }
        return ClientTls.of(ctx.credentials("httpSslAuth")
                .orElseThrow(() -> NodeException.user(
                        "parameter 'provideSslCertificates': credentials of type 'httpSslAuth' (SSL Certificates) are"
                                + " not set for this node [item " + i + "]",
                        i)));
    }

    /** v3 follows redirects only when asked (its option defaults to off); from v4 unless turned off. */
    private static boolean followRedirects(NodeContext ctx, int i) {
        String p = "options.redirect.redirect.followRedirects";
        return ctx.rawParam(p) == null ? ctx.node().typeVersion() >= 4 : ctx.param(p, i, Boolean.class, false);
    }

    /** n8n passes maxRedirects on only when it is not 0: 0 (or none) is follow-redirects' default, 21. */
    private static int maxRedirects(NodeContext ctx, int i) {
        int max = ctx.param("options.redirect.redirect.maxRedirects", i, Integer.class, 21);
        return max == 0 ? 21 : max;
    }

    /**
     * Credentials go along on a redirect to another origin only when {@code options.sendCredentialsOnCrossOriginRedirect}
     * is on, in every version. n8n before 4.4 sends them by default, which hands the Authorization header to whatever
     * host a server redirects to: a security hole, so not matched (4.4 made off n8n's default too).
     */
    private static boolean sendCredentialsCrossOrigin(NodeContext ctx, int i) {
        return ctx.param("options.sendCredentialsOnCrossOriginRedirect", i, Boolean.class, false);
    }

    /** With transport settings chosen by the caller (HTTP Request v1/v2 reads them from other parameters). */
    HttpItemRequest(NodeContext ctx, int i, HttpAuth auth, HttpTransport.Settings settings) {
        this.ctx = ctx;
        this.i = i;
        this.auth = auth;
        this.transport = new HttpTransport(ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll));
        this.settings = settings;
        this.tokens = new OAuth2Tokens(transport, settings, Clock.systemUTC());
    }

    List<Item> run() throws InterruptedException {
        RequestSpec spec = new HttpRequestBuilder(ctx, i).build();
        boolean neverError = ctx.param(R + "neverError", i, Boolean.class, false);
        HttpResponseReader reader = new HttpResponseReader(
                ctx.param(R + "responseFormat", i, String.class, "autodetect"),
                ctx.param(R + "fullResponse", i, Boolean.class, false),
                ctx.param("options.lowercaseHeaders", i, Boolean.class, true),
                ctx.param(R + "outputPropertyName", i, String.class, "data"),
                ctx.service(BinaryStore.class).orElse(null),
                ctx.executionId());
        Pagination pagination = Pagination.of(ctx, i);
        if (pagination != null) {
            try {
                return reader.items(pagination.run(spec, this::send, reader, neverError), true, i);
            } catch (IOException e) {
                throw failed(spec, e);
            }
        }
        HttpReply reply = exchange(spec);
        // as axios's validateStatus: a redirect not followed fails like any status outside 2xx
        if (reply.status() >= 300 && !neverError) {
            throw HttpStatus.error(reply.status(), Charsets.decode(reply.body(), reply.contentType()), i);
        }
        return reader.items(List.of(reader.decode(reply, i)), false, i);
    }

    /** Sends {@code spec}; timeouts and connection failures become n8n's NodeApiError. */
    HttpReply exchange(RequestSpec spec) throws InterruptedException {
        try {
            return send(spec);
        } catch (IOException e) {
            throw failed(spec, e);
        }
    }

    private HttpNodeError failed(RequestSpec spec, IOException e) {
        String message = e instanceof HttpTimeoutException
                ? "Timeout of " + settings.timeout().toMillis() + "ms exceeded for " + spec.method + " " + host(spec)
                : "The connection to " + host(spec) + " failed: " + e.getMessage();
        return new HttpNodeError("NodeApiError", ErrorKind.OPERATIONAL, message + " [item " + i + "]", i, null, 0);
    }

    /** Sends with authentication; a 401 gets one retry with a fresh OAuth2 token or answering a Digest challenge. */
    private HttpReply send(RequestSpec spec) throws IOException, InterruptedException {
        RequestSpec authed = spec.copy();
        auth.apply(authed, tokens, i);
        HttpReply reply = transport.send(authed, settings, i);
        if (reply.status() == 401 && auth.refresh(reply, tokens, i)) {
            authed = spec.copy();
            auth.apply(authed, tokens, i);
            reply = transport.send(authed, settings, i);
        }
        return reply;
    }

    private static String host(RequestSpec spec) {
        try {
            return HttpTransport.host(spec.uri());
        } catch (IllegalArgumentException e) {
            throw NodeException.user("parameter 'url': invalid URL", -1);
        }
    }
}
