package io.hetumind.studio.trigger;

import io.hetumind.core.engine.WaitingCall;
import io.hetumind.core.spi.trigger.WebhookResponse;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code /webhook-waiting/{token}} (the engine's {@code resume-path}; n8n's path): any method resumes the execution
 * the signed token names, parked by a Wait "On Webhook Call", with the request as the Wait node's output — the same
 * item a Webhook node makes ({@code headers, params, query, body}). Answers 200 {@code {"message":"Workflow was
 * started"}} once the execution is claimed here (n8n's default {@code onReceived}); the run goes on in the background.
 * {@code /webhook-waiting/{token}/{node id}?…&signature=…} is a node's signed link (Send Email's Send and Wait): the
 * node's answer (an HTML page) is sent instead; a missing or forged signature is a 401 and resumes nothing. A body
 * may be JSON, url-encoded or multipart (a form's); a multipart body with a file in it is refused (415), an empty file
 * input is not a file.
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

    public WaitingWebhookHandler(
            Instance<WaitingResumer> resumer,
            EngineConfig engine,
            HttpConfig http,
            MeterRegistry metrics,
            @ConfigProperty(name = "hetumind.studio.role", defaultValue = "all") String role) {
        this.serves = !"worker".equals(role);
        String p = engine.resumePath();
        this.prefix = (p.startsWith("/") ? p : "/" + p) + (p.endsWith("/") ? "" : "/");
        this.resumer = resumer;
        this.metrics = metrics;
        this.maxBody = http.maxBodyBytes();
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
        try {
            if (!resumer.isResolvable()) {
                throw new ProblemException(
                        503, "executions-unavailable", "Service unavailable", "this studio cannot run executions");
            }
            WebhookInput.Parsed in = WebhookInput.parse(
                    req.headers(),
                    req.query(),
                    Map.of(),
                    req.getHeader("content-type"),
                    body,
                    new WebhookEndpoint.Options(false, "data", null, null, Map.of(), false));
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
            WaitingResumer.Handled handled =
                    resumer.get().handle(token, nodeId, req.method().name(), req.query(), in.json());
            WebhookResponse answer = null;
            if (handled instanceof WaitingResumer.Resumed r) {
                LOG.debugf("execution %s resumed by its waiting webhook", r.executionId());
                answer = r.response();
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
                        answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8),
                        answer.contentType());
            }
        } catch (ProblemException p) {
            reply.problem(p);
        } catch (RuntimeException e) {
            LOG.errorf(e, "waiting webhook failed");
            reply.problem(new ProblemException(
                    500, "webhook-failed", "Webhook failed", "the execution could not be resumed"));
        }
    }
}
