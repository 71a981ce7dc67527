package io.hetumind.studio.trigger;

import io.hetumind.platform.problem.Problem;
import io.hetumind.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one answer to a webhook request, sent at most once from any thread (it hops onto the request's event loop),
 * timed into {@code hetumind.webhook.requests} by kind and status, and closing the request's span. A streamed answer
 * ({@link #startStream}, {@link #write}, {@link #end}) is timed when its head goes and closes the span when it ends.
 */
final class WebhookReply {
    private final RoutingContext ctx;
    private final Context loop;
    private final long started = System.nanoTime();
    private final AtomicBoolean sent = new AtomicBoolean();
    private final MeterRegistry metrics;
    private final String kind;
    private volatile Span span;
    private volatile Runnable onSent;
    /** Headers every answer carries (CORS), whichever way it is sent. */
    private final Map<String, String> always = new java.util.concurrent.ConcurrentHashMap<>();

    WebhookReply(RoutingContext ctx, Context loop, MeterRegistry metrics, String kind) {
        this.ctx = ctx;
        this.loop = loop;
        this.metrics = metrics;
        this.kind = kind;
    }

    void header(String name, String value) {
        always.put(name, value);
    }

    void span(Span value) {
        this.span = value;
    }

    void onSent(Runnable value) {
        this.onSent = value;
    }

    boolean sent() {
        return sent.get();
    }

    void send(int status, Map<String, String> headers, byte[] body, String contentType) {
        if (!sent.compareAndSet(false, true)) {
            return;
        }
        Runnable write = () -> {
            HttpServerResponse r = ctx.response();
            if (r.ended() || r.closed()) {
                return;
            }
            r.setStatusCode(status);
            always.forEach(r::putHeader);
            headers.forEach(r::putHeader);
            if (contentType != null && !headers.containsKey("content-type")) {
                r.putHeader("content-type", contentType);
            }
            if (body == null) {
                r.end();
            } else {
                r.end(Buffer.buffer(body));
            }
        };
        if (Context.isOnEventLoopThread() && loop == io.vertx.core.Vertx.currentContext()) {
            write.run();
        } else {
            loop.runOnContext(v -> write.run());
        }
        timed(status);
        Span s = span;
        if (s != null) {
            s.setAttribute("http.response.status_code", status);
            s.end();
        }
        Runnable after = onSent;
        if (after != null) {
            after.run();
        }
    }

    /**
     * Starts a chunked answer ({@code streaming} mode) with its first piece: status, headers and {@code first} now,
     * more through {@link #write}, closed by {@link #end}. Counts as the one answer: false when one was sent already.
     */
    boolean startStream(int status, Map<String, String> headers, String contentType, String first) {
        if (!sent.compareAndSet(false, true)) {
            return false;
        }
        onLoop(() -> {
            HttpServerResponse r = ctx.response();
            if (r.ended() || r.closed()) {
                return;
            }
            r.setStatusCode(status);
            always.forEach(r::putHeader);
            headers.forEach(r::putHeader);
            r.putHeader("content-type", contentType);
            r.setChunked(true);
            if (!first.isEmpty()) {
                r.write(Buffer.buffer(first));
            }
        });
        timed(status);
        Span s = span;
        if (s != null) {
            s.setAttribute("http.response.status_code", status);
        }
        return true;
    }

    /** One more piece of a started stream; dropped once the client has gone (the run goes on). */
    void write(String piece) {
        onLoop(() -> {
            HttpServerResponse r = ctx.response();
            if (!r.ended() && !r.closed()) {
                r.write(Buffer.buffer(piece));
            }
        });
    }

    /** Ends a started stream and the request's span. */
    void end(int chunks) {
        onLoop(() -> {
            HttpServerResponse r = ctx.response();
            if (!r.ended() && !r.closed()) {
                r.end();
            }
        });
        Span s = span;
        if (s != null) {
            s.setAttribute("hetumind.stream.chunks", chunks);
            s.end();
        }
        Runnable after = onSent;
        if (after != null) {
            after.run();
        }
    }

    /** Whether the client is gone (closed before the answer ended). */
    boolean clientGone() {
        return ctx.response().closed() && !ctx.response().ended();
    }

    private void onLoop(Runnable write) {
        Runnable guarded = () -> {
            try {
                write.run();
            } catch (IllegalStateException gone) {
                // the connection closed between the check and the write: the answer is dropped, the run goes on
            }
        };
        if (Context.isOnEventLoopThread() && loop == io.vertx.core.Vertx.currentContext()) {
            guarded.run();
        } else {
            loop.runOnContext(v -> guarded.run());
        }
    }

    private void timed(int status) {
        Timer.builder("hetumind.webhook.requests")
                .description("webhook requests answered, by kind (production, test) and status")
                .tag("kind", kind)
                .tag("status", String.valueOf(status))
                .publishPercentiles(0.5, 0.99)
                .register(metrics)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void problem(ProblemException p, Map<String, String> headers) {
        Problem doc = new Problem(
                Problem.TYPE_BASE + p.slug(),
                p.title(),
                p.status(),
                p.getMessage(),
                ctx.request().path(),
                null);
        java.util.Map<String, String> h = new java.util.HashMap<>(headers);
        if (p.retryAfter() != null) {
            h.put("retry-after", String.valueOf(Math.max(1, p.retryAfter().toSeconds())));
        }
        // the project's mapper, not Vert.x's Json: this runs on whatever thread ends the wait (a timer's, too), and
        // Vert.x loads its codec through that thread's context class loader, which on a pool thread started by an
        // earlier app in the same JVM (tests) cannot see Quarkus's codec, so the 504 was lost
        byte[] body = io.hetumind.core.spi.Json.write(io.hetumind.core.spi.Json.toNode(doc))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        send(p.status(), h, body, Problem.MEDIA_TYPE);
    }

    void problem(ProblemException p) {
        problem(p, Map.of());
    }
}
