package io.hetumind.studio.designer;

import io.hetumind.platform.config.AuthConfig;
import io.hetumind.platform.problem.Problem;
import io.hetumind.studio.config.StudioConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * {@code /iam/api/v1/<area>/…} → IAM's {@code /api/v1/<area>/…}, so the browser talks to one origin. Only IAM's public
 * API areas pass ({@link #AREAS}); its key rotation, JWKS, health and metrics do not. What crosses:
 *
 * <ul>
 *   <li>to IAM: the method, path and query, the body, {@code Content-Type}, {@code Accept}, {@code Authorization} and
 *       {@code X-Forwarded-For} set to <em>this</em> server's view of the client's address (the socket peer, or what a
 *       proxy the studio trusts said) — a browser's own {@code X-Forwarded-For} is never passed on, so IAM's
 *       per-address sign-in throttle counts the real client and a client cannot pick an address to dodge it. IAM
 *       believes the header only from its trusted proxies ({@code quarkus.http.proxy.trusted-proxies}, loopback by
 *       default);
 *   <li>back: the status, the body, {@code Content-Type}, {@code Retry-After} (throttling), {@code Location}, {@code
 *       ETag}.
 * </ul>
 *
 * IAM unreachable is a 502 problem, no answer within {@code iam-timeout} a 504 problem.
 */
@ApplicationScoped
public class IamPassThrough {
    private static final Logger LOG = Logger.getLogger(IamPassThrough.class);
    static final String PREFIX = "/iam";
    static final Set<String> AREAS = Set.of(
            "auth",
            "users",
            "tenants",
            "memberships",
            "invitations",
            "roles",
            "api-keys",
            "agent-tokens",
            "audit-events");
    private static final List<CharSequence> REQUEST_HEADERS =
            List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, HttpHeaders.AUTHORIZATION);
    private static final List<CharSequence> RESPONSE_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE, "Retry-After", HttpHeaders.LOCATION, HttpHeaders.ETAG, "WWW-Authenticate");

    private final boolean serves;
    private final URI iam;
    private final DesignerConfig config;
    private HttpClient client;

    public IamPassThrough(StudioConfig studio, DesignerConfig config, AuthConfig auth) {
        this.serves = studio.role().runsApi();
        this.config = config;
        this.iam = iamBase(config, auth);
    }

    /** The configured IAM URL, else the origin of the JWKS URL. */
    static URI iamBase(DesignerConfig config, AuthConfig auth) {
        URI uri = URI.create(config.iamUrl().orElseGet(() -> auth.jwksUrl()));
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new IllegalStateException(
                    "hetumind.studio.designer.iam-url must be an absolute http(s) URL, got " + uri);
        }
        return uri;
    }

    void install(@Observes Router router, Vertx vertx) {
        if (!serves) {
            return;
        }
        boolean tls = "https".equalsIgnoreCase(iam.getScheme());
        client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(tls)
                .setDefaultHost(iam.getHost())
                .setDefaultPort(iam.getPort() > 0 ? iam.getPort() : tls ? 443 : 80)
                .setConnectTimeout((int) config.iamConnectTimeout().toMillis())
                .setKeepAlive(true));
        router.route(PREFIX + "/*").order(Integer.MIN_VALUE + 20).handler(this::handle);
        router.route(PREFIX).order(Integer.MIN_VALUE + 20).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String path = req.path().substring(PREFIX.length());
        if (!allowed(path)) {
            problem(ctx, 404, "not-found", "Not Found", "IAM has no public endpoint at " + req.path());
            return;
        }
        req.body().onSuccess(body -> forward(ctx, path, body)).onFailure(e -> {
            if (!ctx.response().ended()) {
                problem(ctx, 400, "malformed-body", "Bad Request", "the request body could not be read");
            }
        });
        // Quarkus hands requests over paused (so the REST layer can read bodies later); read this one now.
        req.resume();
    }

    /** {@code /api/v1/<one of AREAS>[/…]} with plain segments (no dot segments, no encoded characters). */
    static boolean allowed(String path) {
        if (!path.startsWith("/api/v1/") || path.contains("%") || path.contains("\\") || path.contains("//")) {
            return false;
        }
        String[] segments = path.substring("/api/v1/".length()).split("/", -1);
        for (String s : segments) {
            if (s.equals(".") || s.equals("..")) {
                return false;
            }
        }
        return segments.length > 0 && AREAS.contains(segments[0]);
    }

    private void forward(RoutingContext ctx, String path, Buffer body) {
        HttpServerRequest req = ctx.request();
        String query = req.query();
        RequestOptions options = new RequestOptions()
                .setMethod(req.method())
                .setURI(path + (query == null || query.isEmpty() ? "" : "?" + query))
                .setIdleTimeout(config.iamTimeout().toMillis());
        for (CharSequence name : REQUEST_HEADERS) {
            String value = req.getHeader(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
        options.putHeader(
                "X-Forwarded-For",
                req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress());
        options.putHeader(HttpHeaders.HOST, iam.getAuthority());
        client.request(options)
                .compose(out -> out.send(body).compose(in -> in.body().map(b -> new Answer(in, b))))
                .onSuccess(answer -> {
                    HttpClientResponse in = answer.response();
                    ctx.response().setStatusCode(in.statusCode());
                    for (CharSequence name : RESPONSE_HEADERS) {
                        String value = in.getHeader(name);
                        if (value != null) {
                            ctx.response().putHeader(name, value);
                        }
                    }
                    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                    ctx.response().end(answer.body());
                })
                .onFailure(e -> {
                    if (ctx.response().ended()) {
                        return;
                    }
                    boolean timeout = e instanceof TimeoutException
                            || e instanceof io.netty.handler.timeout.TimeoutException
                            || String.valueOf(e.getMessage()).contains("timeout");
                    LOG.warnf("IAM pass-through %s %s failed: %s", req.method(), path, e.toString());
                    if (timeout) {
                        problem(
                                ctx,
                                504,
                                "iam-timeout",
                                "Gateway Timeout",
                                "IAM did not answer within "
                                        + config.iamTimeout().toSeconds() + " s; try again");
                    } else {
                        problem(
                                ctx,
                                502,
                                "iam-unavailable",
                                "Bad Gateway",
                                "IAM (sign-in and accounts) cannot be reached right now; try again in a moment");
                    }
                });
    }

    private record Answer(HttpClientResponse response, Buffer body) {}

    private static void problem(RoutingContext ctx, int status, String slug, String title, String detail) {
        Problem p = new Problem(
                Problem.TYPE_BASE + slug, title, status, detail, ctx.request().path(), null);
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.encode(p));
    }
}
