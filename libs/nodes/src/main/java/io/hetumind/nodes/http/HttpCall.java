package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.credentials.Secrets;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request made by another node (GraphQL …) through the HTTP Request node's transport: the
 * host's {@link NetworkPolicy} checked on every hop with the connection pinned to the checked
 * address, redirects followed here (at most 21), a generic HTTP credential applied and its secrets
 * masked in every error. Public for the node modules beside this one; not an API for plugins.
 */
public final class HttpCall {

    /** A received response. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        /** The first value of a header, matched without regard to case, or null. */
        public String header(String name) {
            return new HttpReply(status, headers, body, null).header(name);
        }

        /** The body decoded with the charset of its Content-Type (UTF-8 when none). */
        public String text() {
            return Charsets.decode(body, new HttpReply(status, headers, body, null).contentType());
        }
    }

    private final NodeContext ctx;
    private final NetworkPolicy policy;
    private final int item;
    private final String actor;
    private final RequestSpec spec = new RequestSpec();
    private HttpAuth auth = HttpAuth.NONE;
    private Duration timeout = Duration.ofMinutes(5);
    private boolean insecure;

    private HttpCall(NodeContext ctx, NetworkPolicy policy, int item, String actor, String method, String url) {
        this.ctx = ctx;
        this.policy = policy;
        this.item = item;
        this.actor = actor;
        spec.method = method;
        spec.url = url;
    }

    /** A request for item {@code item}; {@code actor} names the node in refusals ("GraphQL refused …"). */
    public static HttpCall of(NodeContext ctx, int item, String actor, String method, String url) {
        return new HttpCall(ctx, null, item, actor, method, url);
    }

    /**
     * A request made outside a run (a listening trigger's poll), under {@code policy}; it can carry no credential, and
     * its errors name item 0.
     */
    public static HttpCall outsideRun(NetworkPolicy policy, String actor, String method, String url) {
        return new HttpCall(null, policy, 0, actor, method, url);
    }

    /** Sets a header, replacing one of the same name in any letter case. */
    public HttpCall header(String name, String value) {
        spec.header(name, value);
        return this;
    }

    public HttpCall query(String name, String value) {
        spec.query(name, value);
        return this;
    }

    /** A JSON body (Content-Type application/json unless a header sets another). */
    public HttpCall json(JsonNode body) {
        spec.kind = RequestSpec.BodyKind.JSON;
        spec.json = body;
        return this;
    }

    /** A body sent as these bytes; set its Content-Type with {@link #header}. */
    public HttpCall raw(byte[] body) {
        spec.kind = RequestSpec.BodyKind.RAW;
        spec.raw = body;
        return this;
    }

    /**
     * Applies the node's credential of this type: {@code httpBasicAuth}, {@code httpHeaderAuth},
     * {@code httpQueryAuth}, {@code httpBearerAuth}, {@code httpDigestAuth}, {@code httpCustomAuth} or {@code
     * oAuth2Api} (client credentials). A
     * missing credential is a user error naming the type.
     */
    public HttpCall credential(String credentialType) {
        if (ctx == null) {
            throw new IllegalStateException("a request made outside a run carries no credential");
        }
        auth = HttpAuth.forType(ctx, item, credentialType);
        return this;
    }

    /** The node's own body fields and query parameters win over a Custom Auth credential's (GraphQL's query …). */
    public HttpCall ownBodyFieldsWin() {
        spec.ownBodyFieldsWin = true;
        return this;
    }

    public HttpCall timeout(Duration value) {
        timeout = value;
        return this;
    }

    /** Accept any server certificate (n8n's "Ignore SSL Issues"). */
    public HttpCall insecure(boolean value) {
        insecure = value;
        return this;
    }

    /** The secrets of the applied credential, to mask what the caller reports. */
    public Secrets secrets() {
        return auth.secrets();
    }

    /**
     * Sends the request; any status comes back as a reply. Refusals by the network policy and
     * unusable parameters are user errors, unreachable hosts and timeouts operational ones; every
     * message names the item and none shows a secret.
     */
    public Reply send() throws InterruptedException {
        return call((transport, settings, tokens) -> {
            RequestSpec authed = spec.copy();
            auth.apply(authed, tokens, item);
            HttpReply r = transport.send(authed, settings, item);
            if (r.status() == 401 && auth.refresh(r, tokens, item)) {
                authed = spec.copy();
                auth.apply(authed, tokens, item);
                r = transport.send(authed, settings, item);
            }
            return new Reply(r.status(), r.headers(), r.body());
        });
    }

    /** A response whose body is still arriving (an event stream); closing it drops the connection, from any thread. */
    public static final class Stream implements AutoCloseable {
        private final PinnedClient.Streamed streamed;

        private Stream(PinnedClient.Streamed streamed) {
            this.streamed = streamed;
        }

        public int status() {
            return streamed.head.status();
        }

        /** The first value of a header, matched without regard to case, or null. */
        public String header(String name) {
            return streamed.head.header(name);
        }

        /** The body as it arrives; a read waits as long as the server is silent. */
        public java.io.InputStream body() {
            return streamed.body;
        }

        @Override
        public void close() {
            streamed.close();
        }
    }

    /**
     * Sends the request and returns once the response head arrived (any status), its body still to be read: the
     * timeout bounds connecting and the head only. Failures are reported as by {@link #send}.
     */
    public Stream open() throws InterruptedException {
        return call((transport, settings, tokens) -> {
            RequestSpec authed = spec.copy();
            auth.apply(authed, tokens, item);
            return new Stream(transport.open(authed, settings, item));
        });
    }

    private interface Exchange<R> {
        R run(HttpTransport transport, HttpTransport.Settings settings, OAuth2Tokens tokens)
                throws IOException, InterruptedException;
    }

    /**
     * Runs an exchange under the call's policy and settings. Refusals by the network policy and unusable parameters
     * are user errors, unreachable hosts and timeouts operational ones; every message names the item and none shows a
     * secret.
     */
    private <R> R call(Exchange<R> exchange) throws InterruptedException {
        HttpTransport transport = new HttpTransport(
                policy != null ? policy : ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll), actor);
        HttpTransport.Settings settings = new HttpTransport.Settings(timeout, true, 21, "", insecure);
        OAuth2Tokens tokens = new OAuth2Tokens(transport, settings, Clock.systemUTC());
        try {
            return exchange.run(transport, settings, tokens);
        } catch (IOException e) {
            String message = e instanceof HttpTimeoutException
                    ? "Timeout of " + timeout.toMillis() + "ms exceeded for " + spec.method + " " + host()
                    : "The connection to " + host() + " failed: " + e.getMessage();
            throw auth.secrets()
                    .redact(new NodeException(
                            ErrorKind.OPERATIONAL, message + " [item " + item + "]", item, null, null));
        } catch (NodeException e) {
            throw auth.secrets().redact(e);
        }
    }

    private String host() {
        try {
            return HttpTransport.host(spec.uri());
        } catch (IllegalArgumentException e) {
            return spec.url;
        }
    }
}
