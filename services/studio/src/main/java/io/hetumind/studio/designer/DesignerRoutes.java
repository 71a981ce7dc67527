package io.hetumind.studio.designer;

import io.hetumind.studio.config.StudioConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the designer (the {@code frontend} module's build, on the class path under {@code META-INF/resources}) at
 * {@code /}:
 *
 * <ul>
 *   <li>{@code /} and {@code /index.html} answer the page with {@code Cache-Control: no-cache}, so a new release is
 *       picked up on the next load;
 *   <li>the history-mode routes of the single-page app ({@code /workflows/abc}, {@code /executions}…) answer the same
 *       page when a browser asks for HTML (GET/HEAD, {@code Accept: text/html}), the path is not under the API, ops,
 *       WebSocket, webhook or IAM prefixes and names no file on the class path — so a reload works;
 *   <li>{@code /assets/*} (file names carry a content hash) are cached for a year, {@code immutable}; the build's
 *       other files ({@code favicon.svg}…) {@code no-cache};
 *   <li>every file the build listed ({@link DesignerFiles}) is sent from memory in the encoding the client accepts
 *       best — brotli, gzip (both compressed at build time) or identity — with {@code Vary: Accept-Encoding}, a strong
 *       {@code ETag} per encoding and {@code 304} on a matching {@code If-None-Match}.
 * </ul>
 *
 * Everything else is left to Quarkus' static handler and the REST layer.
 */
@ApplicationScoped
public class DesignerRoutes {
    static final String ROOT = "META-INF/resources";
    static final List<String> NOT_THE_APP = List.of("/api/", "/q/", "/ws/", "/webhook", "/iam/");
    static final String ASSET_CACHE = "public, max-age=31536000, immutable";

    private final boolean serves;
    private final DesignerFiles designer;
    private final DesignerFiles.File index;
    private final Map<String, Boolean> files = new ConcurrentHashMap<>();

    public DesignerRoutes(StudioConfig config) {
        this.serves = config.role().runsApi();
        this.designer = serves
                ? DesignerFiles.load(Thread.currentThread().getContextClassLoader(), ROOT)
                : DesignerFiles.none();
        this.index = designer.get("/index.html");
    }

    void install(@Observes Router router) {
        if (!serves || index == null) {
            return;
        }
        router.route().order(Integer.MIN_VALUE + 30).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpMethod method = req.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        String path = req.path();
        DesignerFiles.File file = path.equals("/") || path.equals("/index.html") ? index : designer.get(path);
        if (file != null && file != index) {
            send(ctx, file, path.startsWith("/assets/") ? ASSET_CACHE : "no-cache");
            return;
        }
        if (path.startsWith("/assets/")) {
            ctx.addHeadersEndHandler(v -> {
                int status = ctx.response().getStatusCode();
                if (status == 200 || status == 304) {
                    ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, ASSET_CACHE);
                }
            });
            ctx.next();
            return;
        }
        if (file == index || isAppRoute(req, path)) {
            ctx.response()
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("X-Frame-Options", "DENY")
                    .putHeader("Referrer-Policy", "same-origin");
            send(ctx, index, "no-cache");
            return;
        }
        ctx.next();
    }

    /** One of the designer's files in the encoding the client accepts best, or 304 when it holds that one already. */
    private static void send(RoutingContext ctx, DesignerFiles.File file, String cacheControl) {
        HttpServerRequest req = ctx.request();
        Encodings.Variants variants = file.variants();
        List<String> encodings = variants.encodings();
        String encoding = Encodings.choose(req.getHeader(HttpHeaders.ACCEPT_ENCODING), encodings);
        String etag = variants.etag(encoding);
        HttpServerResponse res = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaders.ETAG, etag);
        if (!encodings.isEmpty()) {
            res.putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        }
        if (Encodings.matches(req.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            res.setStatusCode(304).end();
            return;
        }
        if (!Encodings.IDENTITY.equals(encoding)) {
            res.putHeader(HttpHeaders.CONTENT_ENCODING, encoding);
        }
        byte[] body = variants.bytes(encoding);
        if (req.method() == HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length))
                    .end();
        } else {
            res.end(Buffer.buffer(body));
        }
    }

    private boolean isAppRoute(HttpServerRequest req, String path) {
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/html")) {
            return false;
        }
        for (String prefix : NOT_THE_APP) {
            if (path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))) {
                return false;
            }
        }
        return !isFile(path);
    }

    /** Whether the class path holds a static file at {@code path}; remembered for the first 4,096 paths asked. */
    private boolean isFile(String path) {
        Boolean known = files.get(path);
        if (known != null) {
            return known;
        }
        boolean exists = !path.contains("..")
                && !path.endsWith("/")
                && Thread.currentThread().getContextClassLoader().getResource(ROOT + path) != null;
        if (files.size() < 4096) {
            files.put(path, exists);
        }
        return exists;
    }
}
