package io.hetumind.studio.designer;

import io.hetumind.platform.problem.Problem;
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
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code <prefix>/api/v1/<area>/…} → another service's {@code /api/v1/<area>/…}, so the browser talks to one origin.
 * Only the listed public API areas pass, with plain path segments. What crosses: to the service the method, path and
 * query, the body, {@code Content-Type}, {@code Accept}, {@code Authorization} and {@code X-Forwarded-For} set to
 * <em>this</em> server's view of the client (a browser's own header is never passed on); back the status, the body,
 * {@code Content-Type}, {@code Retry-After}, {@code Location}, {@code ETag}, {@code WWW-Authenticate}. The service
 * unreachable is a 502 problem, no answer in time a 504 problem, both in words.
 */
final class PassThrough {
    private static final Logger LOG = Logger.getLogger(PassThrough.class);
    private static final List<CharSequence> REQUEST_HEADERS =
            List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, HttpHeaders.AUTHORIZATION);
    private static final List<CharSequence> RESPONSE_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE, "Retry-After", HttpHeaders.LOCATION, HttpHeaders.ETAG, "WWW-Authenticate");

    /**
     * @param prefix the path the browser calls under ({@code /iam})
     * @param slug problem type prefix ({@code iam} gives {@code iam-unavailable}, {@code iam-timeout})
     * @param what the service in words, for messages ("IAM (sign-in and accounts)")
     * @param refuse an extra check of a request: a problem detail to answer 400 with, or null to pass it on
     */
    record Target(
            String prefix,
            String slug,
            String what,
            URI base,
            Set<String> areas,
            Duration connectTimeout,
            Duration timeout,
            Function<HttpServerRequest, String> refuse) {}

    private final Target target;
    private HttpClient client;

    PassThrough(Target target) {
        this.target = target;
    }

    void install(Router router, Vertx vertx) {
        URI base = target.base();
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(tls)
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() > 0 ? base.getPort() : tls ? 443 : 80)
                .setConnectTimeout((int) target.connectTimeout().toMillis())
                .setKeepAlive(true));
        route(router, target.prefix(), this::handle);
    }

    /** Routes {@code prefix} and everything under it to {@code handler}, ahead of the REST layer. */
    static void route(Router router, String prefix, io.vertx.core.Handler<RoutingContext> handler) {
        router.route(prefix + "/*").order(Integer.MIN_VALUE + 20).handler(handler);
        router.route(prefix).order(Integer.MIN_VALUE + 20).handler(handler);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String path = req.path().substring(target.prefix().length());
        if (!allowed(path, target.areas())) {
            problem(ctx, 404, "not-found", "Not Found", target.what() + " has no public endpoint at " + req.path());
            return;
        }
        String refused = target.refuse() == null ? null : target.refuse().apply(req);
        if (refused != null) {
            problem(ctx, 400, "bad-request", "Bad Request", refused);
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

    /** {@code /api/v1/<one of areas>[/…]} with plain segments (no dot segments, no encoded characters). */
    static boolean allowed(String path, Set<String> areas) {
        if (!path.startsWith("/api/v1/") || path.contains("%") || path.contains("\\") || path.contains("//")) {
            return false;
        }
        String[] segments = path.substring("/api/v1/".length()).split("/", -1);
        for (String s : segments) {
            if (s.equals(".") || s.equals("..")) {
                return false;
            }
        }
        return segments.length > 0 && areas.contains(segments[0]);
    }

    private void forward(RoutingContext ctx, String path, Buffer body) {
        HttpServerRequest req = ctx.request();
        String query = req.query();
        RequestOptions options = new RequestOptions()
                .setMethod(req.method())
                .setURI(path + (query == null || query.isEmpty() ? "" : "?" + query))
                .setIdleTimeout(target.timeout().toMillis());
        for (CharSequence name : REQUEST_HEADERS) {
            String value = req.getHeader(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
        options.putHeader(
                "X-Forwarded-For",
                req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress());
        options.putHeader(HttpHeaders.HOST, target.base().getAuthority());
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
                    LOG.warnf("%s pass-through %s %s failed: %s", target.slug(), req.method(), path, e.toString());
                    if (timeout) {
                        problem(
                                ctx,
                                504,
                                target.slug() + "-timeout",
                                "Gateway Timeout",
                                target.what() + " did not answer within "
                                        + target.timeout().toSeconds() + " s; try again");
                    } else {
                        problem(
                                ctx,
                                502,
                                target.slug() + "-unavailable",
                                "Bad Gateway",
                                target.what() + " cannot be reached right now; try again in a moment");
                    }
                });
    }

    private record Answer(HttpClientResponse response, Buffer body) {}

    static void problem(RoutingContext ctx, int status, String slug, String title, String detail) {
        Problem p = new Problem(
                Problem.TYPE_BASE + slug, title, status, detail, ctx.request().path(), null);
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.encode(p));
    }
}
