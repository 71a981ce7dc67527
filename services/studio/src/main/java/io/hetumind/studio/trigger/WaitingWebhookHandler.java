package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.WaitingCall;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.WaitsForCall;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.platform.config.HttpConfig;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.engine.EngineConfig;
import io.hetumind.studio.execution.WaitingResumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code /webhook-waiting/{token}[/{suffix}]} (the engine's {@code resume-path}; n8n's path) resumes the execution the
 * signed token names, parked by a Wait "On Webhook Call", with the request as the Wait node's output — the same item a
 * Webhook node makes ({@code headers, params, query, body}). As in n8n, where the Wait is a Webhook node, the call must
 * use the node's HTTP method (GET unless set) and Webhook Suffix, or it finds no waiting webhook (404); the node's
 * authentication, Ignore Bots, Raw Body and binary field apply, and the answer follows its response mode: at once
 * ({@code onReceived}, 200 {@code {"message":"Workflow was started"}} or its response code and data), with the last
 * node's output ({@code lastNode}) or through a Respond to Webhook node after the Wait ({@code responseNode}).
 * {@code /webhook-waiting/{token}/{node id}?…&signature=…} is a node's signed link (Send Email's Send and Wait): the
 * node's answer (an HTML page) is sent instead; a missing or forged signature is a 401 and resumes nothing. A body may
 * be JSON, url-encoded or multipart (a form's); files are taken only by a Wait for a call (elsewhere 415; an empty
 * file input is not a file).
 */
@ApplicationScoped
public class WaitingWebhookHandler {
    private static final Logger LOG = Logger.getLogger(WaitingWebhookHandler.class);

    private final boolean serves;
    private final String prefix;
    private final Instance<WaitingResumer> resumer;
    private final MeterRegistry metrics;
    private final long maxBody;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final NodeRegistry registry;
    private final WebhookRun run;

    /** What a resume call's endpoint is named as (in logs); the token, not the path, finds the execution. */
    private static final WebhookPath PATH =
            new WebhookPath("webhook-waiting", List.of("webhook-waiting"), "webhook-waiting", false);

    public WaitingWebhookHandler(
            Instance<WaitingResumer> resumer,
            EngineConfig engine,
            HttpConfig http,
            MeterRegistry metrics,
            NodeRegistry registry,
            WebhookRun run,
            @ConfigProperty(name = "hetumind.studio.role", defaultValue = "all") String role) {
        this.serves = !"worker".equals(role);
        String p = engine.resumePath();
        this.prefix = (p.startsWith("/") ? p : "/" + p) + (p.endsWith("/") ? "" : "/");
        this.resumer = resumer;
        this.metrics = metrics;
        this.maxBody = http.maxBodyBytes();
        this.registry = registry;
        this.run = run;
    }

    void install(@Observes Router router) {
        if (!serves) {
            return;
        }
        router.routeWithRegex("^" + Pattern.quote(prefix) + ".*")
                .order(Integer.MIN_VALUE + 11)
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        WebhookReply reply = new WebhookReply(ctx, Vertx.currentContext(), metrics, "waiting");
        String[] parts = WaitingCall.split(req.path().substring(prefix.length()));
        String token = parts == null ? null : RequestPath.decode(parts[0]);
        String nodeId = parts == null ? null : parts[1];
        if (token == null || token.isEmpty() || token.contains("/")) {
            reply.problem(new ProblemException(
                    404,
                    "execution-not-found",
                    "Not found",
                    "No execution is waiting at this URL (the link is unknown, altered or incomplete)."));
            return;
        }
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
                    req.connection().close();
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e ->
                reply.problem(ProblemException.badRequest("malformed-body", "the request body could not be read")));
        req.endHandler(v -> {
            if (!tooLarge.get() && !reply.sent()) {
                workers.execute(() -> resume(req, token, nodeId, body.getBytes(), reply));
            }
        });
        req.resume();
    }

    private void resume(HttpServerRequest req, String token, String nodeId, byte[] body, WebhookReply reply) {
        WebhookSpec spec = null;
        try {
            if (!resumer.isResolvable()) {
                throw new ProblemException(
                        503, "executions-unavailable", "Service unavailable", "this studio cannot run executions");
            }
            WaitingResumer r = resumer.get();
            WaitingResumer.Waiter w = r.waiter(token);
            Node node = w.node();
            WaitsForCall waits = node != null
                            && registry.find(node.type()).orElse(null) instanceof WaitsForCall f
                            && f.waitsForCall(node)
                    ? f
                    : null;
            WebhookEndpoint.Options options =
                    waits == null ? WebhookEndpoint.Options.NONE : WebhookEndpoint.Options.of(node);
            WebhookInput.Parsed in = WebhookInput.parse(
                    req.headers(), req.query(), Map.of(), req.getHeader("content-type"), body, options);
            ObjectNode json = in.json();
            Map<String, String> headers = new LinkedHashMap<>();
            json.path("headers")
                    .properties()
                    .forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            String method = req.method().name();
            WaitingCall.Decision decision =
                    r.decide(w, new WaitingCall(token, nodeId, method, req.query(), headers, json.path("body")));
            if (waits != null && decision instanceof WaitingCall.Plain) {
                // a Wait "On Webhook Call" is a Webhook node's endpoint: its options, authentication and response mode
                spec = waits.callSpec(node);
                WebhookEndpoint e = new WebhookEndpoint(
                        w.tenantId(), w.workflowId(), w.workflowVersion(), method, PATH, node, spec, options, null);
                java.util.Optional<WebhookRequestHandler> own = waits.callHandler(node);
                if (own.isPresent()) {
                    answerOwn(e, w, decision, in, req, reply, own.get());
                } else {
                    answerCall(e, w, decision, in, req, reply);
                }
                return;
            }
            // a form's file input left empty still sends a part (no file name, no bytes): that is no file
            boolean files = in.uploads().stream()
                    .anyMatch(u -> u.data().length > 0
                            || (u.fileName() != null && !u.fileName().isEmpty()));
            if (files) {
                throw new ProblemException(
                        415,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "a waiting execution is resumed with data, not files");
            }
            WaitingResumer.Handled handled = r.carry(w, decision, Item.of(json), Map.of());
            WebhookResponse answer = null;
            if (handled instanceof WaitingResumer.Resumed resumed) {
                LOG.debugf("execution %s resumed by its waiting webhook", resumed.executionId());
                answer = resumed.response();
            } else if (handled instanceof WaitingResumer.Answered a) {
                answer = a.response();
            }
            if (answer == null) {
                reply.send(
                        200,
                        Map.of(),
                        "{\"message\":\"Workflow was started\"}".getBytes(StandardCharsets.UTF_8),
                        "application/json");
            } else {
                reply.send(
                        answer.status(),
                        answer.headers(),
                        answer.bytes() == null ? new byte[0] : answer.bytes(),
                        answer.contentType());
            }
        } catch (ProblemException p) {
            reply.problem(p, WebhookRun.challenge(p, spec));
        } catch (RuntimeException e) {
            LOG.errorf(e, "waiting webhook failed");
            reply.problem(new ProblemException(
                    500, "webhook-failed", "Webhook failed", "the execution could not be resumed"));
        }
    }

    /**
     * A call to a node that reads its calls itself (a Wait "On Form Submitted"), after its authentication: an answer
     * (the form's page) resumes nothing; a run item resumes the execution with it as the node's output (its files kept
     * under the execution), answered in the node's response mode.
     */
    private void answerOwn(
            WebhookEndpoint e,
            WaitingResumer.Waiter w,
            WaitingCall.Decision decision,
            WebhookInput.Parsed in,
            HttpServerRequest req,
            WebhookReply reply,
            WebhookRequestHandler handler) {
        run.admit(e, req);
        WebhookRequestHandler.Call call = run.call(e, req, in, "manual".equals(w.mode()));
        switch (handler.handle(call)) {
            case WebhookRequestHandler.Answer a -> run.reply(e, reply, a.response());
            case WebhookRequestHandler.Start s -> {
                Item item = Item.of(s.json()).withBinary(run.store(w.executionId(), in.uploads(), s.binaryKeys()));
                WebhookSpec.ResponseMode mode = s.respondFromRun()
                        ? WebhookSpec.ResponseMode.RESPONSE_NODE
                        : e.spec().responseMode();
                CompletableFuture<WebhookResponse> responded = new CompletableFuture<>();
                Map<Class<?>, Object> services =
                        mode == WebhookSpec.ResponseMode.RESPONSE_NODE ? WebhookRun.responder(responded) : Map.of();
                if (resumer.get().carry(w, decision, item, services) instanceof WaitingResumer.Resumed resumed) {
                    LOG.debugf("execution %s resumed by its form", resumed.executionId());
                    run.answer(e, mode, resumed.execution(), responded, reply);
                }
            }
        }
    }

    /**
     * A call that resumes a Wait "On Webhook Call", handled as n8n's Webhook node handles a request: bots refused when
     * the node says so, its authentication checked, files and a raw body kept under the execution, and the answer in
     * its response mode — at once, with the last node's output, or through a Respond to Webhook node after the Wait.
     */
    private void answerCall(
            WebhookEndpoint e,
            WaitingResumer.Waiter w,
            WaitingCall.Decision decision,
            WebhookInput.Parsed in,
            HttpServerRequest req,
            WebhookReply reply) {
        ObjectNode jwtPayload = run.admit(e, req);
        ObjectNode json = in.json();
        if (jwtPayload != null) {
            json.set("jwtPayload", jwtPayload);
        }
        Item item = Item.of(json).withBinary(run.store(w.executionId(), in.uploads(), null));
        WebhookSpec.ResponseMode mode = e.spec().responseMode();
        CompletableFuture<WebhookResponse> responded = new CompletableFuture<>();
        Map<Class<?>, Object> services =
                mode == WebhookSpec.ResponseMode.RESPONSE_NODE ? WebhookRun.responder(responded) : Map.of();
        if (resumer.get().carry(w, decision, item, services) instanceof WaitingResumer.Resumed resumed) {
            LOG.debugf("execution %s resumed by its waiting webhook", resumed.executionId());
            run.answer(e, mode, resumed.execution(), responded, reply);
        }
    }
}
