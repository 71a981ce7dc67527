package io.hetumind.studio.trigger;

import io.hetumind.platform.config.HttpConfig;
import io.hetumind.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@code /webhook/{path}} and {@code /webhook-test/{path}} (and {@code /form/…}, {@code /form-test/…}, the same
 * webhooks under n8n's form URLs, where a Form Trigger's page is served), on a plain Vert.x route: any method, the
 * route found in memory ({@link WebhookRoutes}), the body read up to {@code hetumind.http.max-body-bytes} (413 beyond,
 * chunked bodies included), then the run started on a virtual thread by {@link WebhookRun}. Unknown paths get n8n's
 * 404 message, a known path with another method 405 with {@code Allow}.
 */
@ApplicationScoped
public class WebhookHandler {
    private static final Logger LOG = Logger.getLogger(WebhookHandler.class);

    /** A {@code worker} process serves no public endpoints, webhooks included. */
    private final boolean serves;

    private final WebhookRoutes routes;
    private final WebhookRun run;
    private final MeterRegistry metrics;
    private final Tracer tracer;
    private final long maxBody;
    private final Semaphore inFlight;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public WebhookHandler(
            WebhookRoutes routes,
            WebhookRun run,
            TriggerConfig config,
            HttpConfig http,
            MeterRegistry metrics,
            Tracer tracer,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hetumind.studio.role", defaultValue = "all")
                    String role) {
        this.serves = !"worker".equals(role);
        this.routes = routes;
        this.run = run;
        this.metrics = metrics;
        this.tracer = tracer;
        this.maxBody = http.maxBodyBytes();
        this.inFlight = new Semaphore(config.maxConcurrentRequests());
    }

    void install(@Observes Router router) {
        if (!serves) {
            return;
        }
        router.routeWithRegex("^/(webhook|form)(-test)?/.*")
                .order(Integer.MIN_VALUE + 10)
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String prefix = prefix(req.path());
        boolean test = prefix.endsWith("-test/");
        WebhookReply reply = new WebhookReply(ctx, Vertx.currentContext(), metrics, test ? "test" : "production");
        String method = req.method().name();
        String path = RequestPath.decode(req.path().substring(prefix.length()));
        if (path != null && (req.getHeader("origin") != null || "OPTIONS".equals(method))) {
            if (!cors(req, reply, method, path, test)) {
                return;
            }
        }
        RouteTable.Lookup lookup = path == null
                ? new RouteTable.Missing()
                : test ? routes.test(method, path) : routes.production(method, path);
        switch (lookup) {
            case RouteTable.Missing m -> reply.problem(notRegistered(method, path, test));
            case RouteTable.WrongMethod w ->
                reply.problem(
                        new ProblemException(
                                405,
                                "webhook-method-not-allowed",
                                "Method not allowed",
                                "This webhook is not registered for " + method + " requests. Did you mean to make a "
                                        + String.join(" or ", w.allowed()) + " request?"),
                        Map.of("allow", String.join(", ", w.allowed())));
            case RouteTable.Found f -> accept(ctx, f, reply, method);
        }
    }

    /** The prefix a request came under: /webhook/, /webhook-test/, /form/ or /form-test/. */
    static String prefix(String requestPath) {
        return requestPath.substring(0, requestPath.indexOf('/', 1) + 1);
    }

    private RouteTable.Lookup lookup(String method, String path, boolean test) {
        return test ? routes.test(method, path) : routes.production(method, path);
    }

    /**
     * CORS as n8n's webhook handler does it, for requests with an {@code Origin} and for preflights: {@code
     * Access-Control-Allow-Methods} lists the path's methods; {@code Access-Control-Allow-Origin} is the request's origin
     * when the node's {@code options.allowedOrigins} is {@code *} (the default) or lists it, else the first allowed
     * origin (so the browser refuses the answer); a preflight ({@code OPTIONS}) is answered 204 here with {@code
     * Access-Control-Max-Age: 300} and the requested headers allowed. False when the answer has been sent.
     */
    private boolean cors(HttpServerRequest req, WebhookReply reply, String method, String path, boolean test) {
        boolean preflight = "OPTIONS".equals(method);
        RouteTable.Lookup any = lookup("OPTIONS", path, test);
        if (!(any instanceof RouteTable.WrongMethod w)) {
            if (preflight) {
                reply.problem(notRegistered(method, path, test));
                return false;
            }
            return true; // unknown path: answered below as usual
        }
        java.util.List<String> methods = new java.util.ArrayList<>(List.of("OPTIONS"));
        methods.addAll(w.allowed());
        reply.header("access-control-allow-methods", String.join(", ", methods));
        String origin = req.getHeader("origin");
        String requested = preflight ? req.getHeader("access-control-request-method") : method;
        if (requested != null
                && origin != null
                && lookup(requested.toUpperCase(java.util.Locale.ROOT), path, test) instanceof RouteTable.Found f) {
            String allowed = f.endpoint()
                    .node()
                    .parameters()
                    .path("options")
                    .path("allowedOrigins")
                    .asText("*")
                    .trim();
            if (!allowed.isEmpty() && !"*".equals(allowed) && !allowed.equals(origin)) {
                java.util.List<String> list = java.util.Arrays.stream(allowed.split(","))
                        .map(String::trim)
                        .filter(o -> !o.isEmpty())
                        .toList();
                reply.header(
                        "access-control-allow-origin",
                        list.contains(origin) ? origin : list.isEmpty() ? "null" : list.getFirst());
            } else {
                reply.header("access-control-allow-origin", origin);
            }
            if (preflight) {
                reply.header("access-control-max-age", "300");
                String headers = req.getHeader("access-control-request-headers");
                if (headers != null && !headers.isBlank()) {
                    reply.header("access-control-allow-headers", headers);
                }
            }
        }
        if (preflight) {
            reply.send(204, Map.of(), null, null);
            return false;
        }
        return true;
    }

    private void accept(RoutingContext ctx, RouteTable.Found found, WebhookReply reply, String method) {
        if (!inFlight.tryAcquire()) {
            reply.problem(new ProblemException(
                    503,
                    "webhook-busy",
                    "Service unavailable",
                    "too many webhook requests in progress here; retry shortly",
                    null,
                    java.time.Duration.ofSeconds(1)));
            return;
        }
        reply.onSent(inFlight::release);
        Span span = tracer.spanBuilder(
                        "webhook " + method + " " + found.endpoint().path().path())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(
                        "hetumind.workflow.id", found.endpoint().workflowId().toString())
                .setAttribute("hetumind.webhook.test", found.endpoint().test())
                .startSpan();
        reply.span(span);
        HttpServerRequest req = ctx.request();
        Buffer body = Buffer.buffer();
        AtomicBoolean tooLarge = new AtomicBoolean();
        req.handler(chunk -> {
            if (tooLarge.get()) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                tooLarge.set(true);
                reply.problem(new ProblemException(
                        413,
                        "payload-too-large",
                        "Payload too large",
                        "the body may hold at most " + maxBody + " bytes"));
                if (req.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                    req.connection().close(); // do not read the rest of an unwanted body
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> {
            LOG.debugf("webhook request failed while reading: %s", e.getMessage());
            reply.problem(ProblemException.badRequest("malformed-body", "the request body could not be read"));
        });
        req.endHandler(v -> {
            if (!tooLarge.get() && !reply.sent()) {
                workers.execute(() -> run.start(found, req, body.getBytes(), reply, span));
            }
        });
        req.resume();
    }

    private static ProblemException notRegistered(String method, String path, boolean test) {
        String shown = path == null ? "" : path;
        return new ProblemException(
                404,
                "webhook-not-registered",
                "Webhook not registered",
                "The requested webhook \"" + method + " " + shown + "\" is not registered. "
                        + (test
                                ? "Click the 'Listen for test event' button in the designer, then make the request"
                                        + " again (a test URL answers one request)."
                                : "The workflow must be active for a production URL to run successfully; activate it"
                                        + " in the designer."));
    }
}
