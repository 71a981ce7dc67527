package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.core.spi.trigger.WebhookSpec.ResponseMode;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.credential.TenantCredentials;
import io.hetumind.studio.engine.Executions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one webhook request: parses it into the Webhook node's item, checks the node's authentication, starts the
 * execution through {@link Executions} and answers in the node's response mode — at once ({@code onReceived}), with
 * the last node's output ({@code lastNode}), with what a Respond to Webhook node hands the per-run {@link
 * WebhookResponder}, which may be long before the execution ends ({@code responseNode}), or chunk by chunk as nodes
 * write to the per-run {@link io.hetumind.core.spi.trigger.ChunkSink} ({@code streaming}, {@link WebhookStream}).
 * Every mode but {@code onReceived} runs here ({@code INLINE}): the request is held by this process. With the
 * Temporal backend the claim here waits on the execution's Temporal workflow and hands the responder the answer a
 * worker wrote ({@link io.hetumind.studio.temporal.TemporalRuns}); only {@code streaming} stays native.
 */
@ApplicationScoped
public class WebhookRun {
    private static final Logger LOG = Logger.getLogger(WebhookRun.class);

    private final Instance<Executions> executions;
    private final Instance<TenantCredentials> credentials;
    private final Instance<BinaryStore> binaries;
    private final TestWebhookStore tests;
    private final TriggerStore store;
    private final WebhookRoutes routes;
    private final TriggerConfig config;
    private final String publicUrl;
    private final Instance<io.hetumind.studio.workflow.WorkflowVersions> versions;
    private final io.hetumind.core.spi.NodeRegistry registry;
    private final io.micrometer.core.instrument.MeterRegistry metrics;
    /** Workflow → its owner (never changes), for the Webhook node's own credential. */
    private final Map<java.util.UUID, java.util.Optional<java.util.UUID>> owners =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Workflow version → its time zone (a version never changes), for nodes that read requests themselves. */
    private final Map<String, java.time.ZoneId> zones = new java.util.concurrent.ConcurrentHashMap<>();

    public WebhookRun(
            Instance<Executions> executions,
            Instance<TenantCredentials> credentials,
            Instance<BinaryStore> binaries,
            TestWebhookStore tests,
            TriggerStore store,
            WebhookRoutes routes,
            TriggerConfig config,
            Instance<io.hetumind.studio.workflow.WorkflowVersions> versions,
            io.hetumind.core.spi.NodeRegistry registry,
            io.micrometer.core.instrument.MeterRegistry metrics,
            @ConfigProperty(name = "hetumind.studio.public-url") java.util.Optional<String> publicUrl,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.executions = executions;
        this.credentials = credentials;
        this.binaries = binaries;
        this.tests = tests;
        this.store = store;
        this.routes = routes;
        this.config = config;
        this.versions = versions;
        this.registry = registry;
        this.metrics = metrics;
        this.publicUrl = publicUrl.orElse("http://localhost:" + port).replaceAll("/+$", "");
    }

    void start(RouteTable.Found found, HttpServerRequest req, byte[] body, WebhookReply reply, Span span) {
        WebhookEndpoint e = found.endpoint();
        try (Scope ignored = span.makeCurrent()) {
            // who may call is settled before the body is read
            ObjectNode jwtPayload = admit(e, req);
            WebhookInput.Parsed in = WebhookInput.parse(
                    req.headers(), req.query(), found.params(), req.getHeader("content-type"), body, e.options());
            WebhookRequestHandler.Start own = null;
            if (registry.find(e.node().type()).orElse(null) instanceof WebhookRequestHandler handler) {
                switch (handler.handle(call(e, req, in, e.test()))) {
                    case WebhookRequestHandler.Answer a -> {
                        reply(e, reply, a.response());
                        return;
                    }
                    case WebhookRequestHandler.Start s -> own = s;
                }
            }
            if (e.test() && !tests.capture(e.testId())) {
                throw new ProblemException(
                        404,
                        "webhook-not-registered",
                        "Webhook not registered",
                        "The test webhook \"" + e.method() + " " + e.path().path()
                                + "\" has already answered a request or expired; listen again in the designer.");
            }
            ObjectNode json = own != null ? own.json() : in.json();
            if (own == null && e.node().typeVersion() >= 2) {
                json.put(
                        "webhookUrl",
                        publicUrl
                                + (e.test() ? "/webhook-test/" : "/webhook/")
                                + e.path().path());
                json.put("executionMode", e.test() ? "test" : "production");
            }
            if (jwtPayload != null) {
                json.set("jwtPayload", jwtPayload);
            }
            // The execution's id is chosen here, so uploaded files are kept under it and go with its record.
            java.util.UUID id = Ids.next();
            Item item = Item.of(json).withBinary(store(id, in.uploads(), own == null ? null : own.binaryKeys()));
            launch(e, id, item, reply, span, own != null && own.respondFromRun());
        } catch (ProblemException p) {
            reply.problem(p, challenge(p, e.spec()));
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "webhook %s %s failed", e.method(), e.path().path());
            reply.problem(
                    new ProblemException(500, "webhook-failed", "Webhook failed", "Workflow could not be started!"));
        }
    }

    /** Sends {@code response}, an answer a node made (a page, a refusal), with the endpoint's extra headers. */
    void reply(WebhookEndpoint e, WebhookReply reply, WebhookResponse response) {
        new WebhookResponses(e, binaries).fromNode(reply, response);
    }

    /**
     * The request as a node that handles its own requests (Chat and Form Triggers, a Wait's form) sees it; {@code test}
     * for the designer's runs.
     */
    WebhookRequestHandler.Call call(WebhookEndpoint e, HttpServerRequest req, WebhookInput.Parsed in, boolean test) {
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        return new WebhookRequestHandler.Call(
                e.node(),
                e.method(),
                test,
                headers,
                in.json().path("body"),
                publicUrl + WebhookHandler.prefix(req.path()) + e.path().path(),
                in.uploads().stream()
                        .map(u -> new WebhookRequestHandler.Upload(
                                u.property(), u.fileName(), u.mimeType(), u.data().length))
                        .toList(),
                in.json().path("query") instanceof ObjectNode q ? q : null,
                zone(e));
    }

    /** The time zone of the endpoint's workflow version (its settings; UTC when unset or unknown), read once. */
    private java.time.ZoneId zone(WebhookEndpoint e) {
        if (!versions.isResolvable()) {
            return java.time.ZoneOffset.UTC;
        }
        java.time.ZoneId zone = zones.computeIfAbsent(e.workflowId() + ":" + e.workflowVersion(), k -> versions.get()
                .find(e.tenantId(), e.workflowId(), e.workflowVersion())
                .map(w -> Schedules.zone(w.workflow()))
                .orElse(java.time.ZoneOffset.UTC));
        if (zones.size() > 100_000) {
            zones.clear();
        }
        return zone;
    }

    private void launch(
            WebhookEndpoint e,
            java.util.UUID executionId,
            Item item,
            WebhookReply reply,
            Span span,
            boolean respondFromRun) {
        if (!executions.isResolvable()) {
            throw new ProblemException(
                    503, "executions-unavailable", "Service unavailable", "this studio cannot run executions");
        }
        ResponseMode mode =
                respondFromRun ? ResponseMode.RESPONSE_NODE : e.spec().responseMode();
        CompletableFuture<WebhookResponse> responded = new CompletableFuture<>();
        WebhookStream stream = mode == ResponseMode.STREAMING ? new WebhookStream(reply, e, metrics) : null;
        Map<Class<?>, Object> services =
                switch (mode) {
                    case RESPONSE_NODE -> responder(responded);
                    case STREAMING -> Map.of(io.hetumind.core.spi.trigger.ChunkSink.class, stream);
                    default -> Map.of();
                };
        Executions.Placement placement = mode == ResponseMode.ON_RECEIVED
                ? Executions.Placement.valueOf(config.onReceivedPlacement().toUpperCase(java.util.Locale.ROOT))
                : Executions.Placement.INLINE;
        Executions.StartedExecution started = executions
                .get()
                .start(new Executions.Launch(
                        e.tenantId(),
                        e.workflowId(),
                        e.workflowVersion(),
                        e.test() ? "manual" : "webhook",
                        e.node().name(),
                        List.of(item),
                        placement,
                        services,
                        null,
                        null,
                        null,
                        null,
                        executionId));
        span.setAttribute("hetumind.execution.id", started.executionId());
        if (e.test()) {
            tests.recordExecution(e.testId(), started.executionId());
            store.announce("test", e.workflowId());
            routes.changed("test " + e.workflowId());
        }
        if (mode != ResponseMode.STREAMING) {
            answer(e, mode, started, responded, reply);
            return;
        }
        // the head waits for the first chunk as long as other modes wait for their answer; then the stream stays
        // open until the run ends
        WebhookResponses answers = new WebhookResponses(e, binaries);
        CompletableFuture.delayedExecutor(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (stream.timedOut()) {
                        reply.problem(new ProblemException(
                                504,
                                "webhook-timeout",
                                "Gateway timeout",
                                "the workflow streamed nothing in time; it goes on"));
                    }
                });
        started.result().toCompletableFuture().whenComplete((result, err) -> stream.finish(result, err, answers));
    }

    /**
     * Answers {@code reply} in {@code mode} (not streaming) for the run {@code started}: at once, with its last node's
     * output once it ends, or with what its Respond to Webhook node hands {@code responded} — each within the
     * response timeout, after which a 504 says the run goes on.
     */
    void answer(
            WebhookEndpoint e,
            ResponseMode mode,
            Executions.StartedExecution started,
            CompletableFuture<WebhookResponse> responded,
            WebhookReply reply) {
        WebhookResponses answers = new WebhookResponses(e, binaries);
        switch (mode) {
            case ON_RECEIVED -> answers.immediate(reply);
            case LAST_NODE ->
                started.result()
                        .toCompletableFuture()
                        .orTimeout(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((result, err) -> answers.lastNode(reply, result, err));
            case RESPONSE_NODE -> {
                responded.thenAccept(r -> answers.fromNode(reply, r));
                started.result()
                        .toCompletableFuture()
                        .orTimeout(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((result, err) -> {
                            if (!responded.isDone()) {
                                answers.withoutResponseNode(reply, result, err);
                            }
                        });
            }
            case STREAMING -> throw new IllegalArgumentException("a streamed answer needs its stream");
        }
    }

    /**
     * Lets a request in as the endpoint's node says: a caller outside its IP allowlist refused (403, before anything
     * else, as n8n), a bot refused when it ignores bots (403), its authentication checked (401/403); returns a JWT's
     * payload for the item, or null.
     */
    ObjectNode admit(WebhookEndpoint e, HttpServerRequest req) {
        if (!e.options().ipAllowlist().anyone()
                && !e.options()
                        .ipAllowlist()
                        .allows(
                                req.remoteAddress() == null
                                        ? null
                                        : req.remoteAddress().hostAddress())) {
            throw new ProblemException(
                    403, "webhook-ip-not-allowed", "Forbidden", "IP is not allowed to access the webhook!");
        }
        if (e.options().ignoreBots() && Bots.is(req.getHeader("user-agent"))) {
            throw new ProblemException(403, "webhook-forbidden", "Forbidden", "Authorization data is wrong!");
        }
        return "none".equals(e.spec().authentication()) ? null : WebhookAuth.check(e, req::getHeader, resolver(e));
    }

    /** The headers of a refusal: basic auth's challenge with its 401 ({@code spec} null: none). */
    static Map<String, String> challenge(ProblemException p, WebhookSpec spec) {
        return p.status() == 401 && spec != null && "basicAuth".equals(spec.authentication())
                ? Map.of("www-authenticate", "Basic realm=\"Webhook\"")
                : Map.of();
    }

    /** The run service through which a Respond to Webhook node hands {@code responded} its answer. */
    static Map<Class<?>, Object> responder(CompletableFuture<WebhookResponse> responded) {
        return Map.of(WebhookResponder.class, (WebhookResponder) (id, r) -> responded.complete(r));
    }

    /** The credentials a webhook of {@code e}'s workflow checks requests against: its owner's. */
    private CredentialResolver resolver(WebhookEndpoint e) {
        if (!credentials.isResolvable()) {
            throw new ProblemException(
                    500, "webhook-auth-missing", "Webhook authentication", "No authentication data defined on node!");
        }
        // the same rule as the run: what the workflow's owner may use (see TenantCredentials)
        java.util.Optional<java.util.UUID> owner = owners.computeIfAbsent(
                e.workflowId(),
                id -> versions.isResolvable()
                        ? versions.get().head(e.tenantId(), id).map(w -> w.ownerId())
                        : java.util.Optional.empty());
        if (owners.size() > 100_000) {
            owners.clear();
        }
        return credentials.get().resolverFor(e.tenantId(), owner.orElse(null));
    }

    /**
     * Keeps uploaded files under the execution's id, as the files its nodes store: they are the run's data and go
     * when its record goes ({@link io.hetumind.studio.execution.BinarySweeper}).
     */
    Map<String, BinaryRef> store(java.util.UUID executionId, List<WebhookInput.Upload> uploads, List<String> names) {
        if (uploads.isEmpty()) {
            return Map.of();
        }
        if (!binaries.isResolvable()) {
            throw new ProblemException(
                    415,
                    "binary-unsupported",
                    "Unsupported media type",
                    "this studio keeps no binary data, so it cannot take files or raw bodies");
        }
        String namespace = executionId.toString();
        Map<String, BinaryRef> out = new LinkedHashMap<>();
        try {
            for (int i = 0; i < uploads.size(); i++) {
                WebhookInput.Upload u = uploads.get(i);
                // the node's names (the Chat Trigger's data0, data1 …: a name given twice, the later file takes it)
                String key = names != null && i < names.size()
                        ? names.get(i)
                        : out.containsKey(u.property()) ? u.property() + out.size() : u.property();
                out.put(
                        key,
                        binaries.get().put(namespace, new ByteArrayInputStream(u.data()), u.mimeType(), u.fileName()));
            }
        } catch (IOException ex) {
            throw new IllegalStateException("storing an uploaded file failed: " + ex.getMessage(), ex);
        }
        return out;
    }
}
