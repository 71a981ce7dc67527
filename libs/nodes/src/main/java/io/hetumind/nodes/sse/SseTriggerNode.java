package io.hetumind.nodes.sse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.http.HttpCall;
import io.hetumind.nodes.internal.Js;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * SSE Trigger (n8n v1): listens to a server-sent event stream and starts one execution per {@code message} event, the
 * event's data parsed as JSON being the trigger's one item. Events of other types are not listened to, as n8n's
 * {@code onmessage} does not; data that is not JSON is skipped with a warning (n8n's parse error is thrown inside the
 * event handler and only logged), and so — unlike n8n, which would pass it on as an item's json — is JSON that is not
 * an object. Data shaped {@code {"json": {…}}} is unwrapped, as n8n's {@code returnJsonArray} does.
 *
 * <p>The stream is opened on the listener's thread under the host's network policy (every redirect hop checked),
 * waiting for the server's answer as long as it takes (some send their answer's head with the first event). When it
 * ends, breaks, or cannot be opened — refused, unreachable, or answered with a status other than 200 (eventsource
 * stops for good on a 4xx) — the listener reports it and its host reopens it after a back-off, sending the last event
 * id seen as {@code Last-Event-ID} (kept in the trigger's state between the two, so a reopen on another replica
 * resumes too); a server's {@code retry} field is not read.
 */
public final class SseTriggerNode implements NodeType, ListenTrigger {

    public static final String TYPE = "hetumind.sseTrigger";

    /** The largest line or event data read; a stream that sends more breaks rather than filling memory. */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    /** No bound on waiting for the server's answer (connecting still times out after 30 s). */
    private static final Duration UNBOUNDED = Duration.ofDays(365);

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("SSE Trigger")
            .description("Triggers the workflow when Server-Sent Events occur")
            .group(NodeGroup.TRIGGER)
            .icon("cloud-download-alt")
            .trigger(TriggerSpec.of(
                            TriggerKind.LISTEN,
                            "Listens to the event stream at the URL and starts the workflow with each message's data")
                    .with("url", "url"))
            .alias("n8n-nodes-base.sseTrigger")
            .property(PropertySpec.string("url")
                    .displayName("URL")
                    .placeholder("http://example.com")
                    .required()
                    .description("The URL to receive the SSE from"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String target(TriggerParams params) {
        return "the event stream " + url(params);
    }

    private static String url(TriggerParams params) {
        String url = params.string("url", "").strip();
        if (url.isEmpty()) {
            throw new TriggerConfigException(params.node().name(), "url", "The parameter \"URL\" has to be set!");
        }
        return url;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return passEvent(ctx, "SSE Trigger", "an event");
    }

    @Override
    public AutoCloseable listen(TriggerParams params, ListenContext ctx) {
        String url = url(params);
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        String resumeFrom =
                ctx.loadState().map(s -> s.path("lastEventId").asText("")).orElse("");
        HttpCall call = HttpCall.outsideRun(policy, "SSE Trigger", "GET", url)
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                // a server may send its answer's head only with the first event: wait as eventsource does
                .timeout(UNBOUNDED);
        if (!resumeFrom.isEmpty()) {
            call.header("Last-Event-ID", resumeFrom);
        }
        Listener listener = new Listener();
        // opened on the listener's own thread, so the host is not held while the server takes its time to answer
        listener.thread = Thread.ofVirtual()
                .name("sse-trigger-" + ctx.workflowId())
                .start(() -> listener.run(call, url, resumeFrom, ctx));
        return listener;
    }

    /** One stream and the thread opening and reading it. */
    private static final class Listener implements AutoCloseable {
        volatile Thread thread;
        volatile HttpCall.Stream stream;
        volatile boolean closed;

        void run(HttpCall call, String url, String resumeFrom, ListenContext ctx) {
            HttpCall.Stream opened;
            try {
                opened = call.open();
            } catch (InterruptedException e) {
                return;
            } catch (NodeException e) {
                if (!closed) {
                    ctx.broken("SSE Trigger: " + e.getMessage(), e);
                }
                return;
            }
            stream = opened;
            if (closed) {
                opened.close();
                return;
            }
            if (opened.status() != 200) {
                opened.close();
                ctx.broken("SSE Trigger: " + url + " answered HTTP " + opened.status() + ", not an event stream", null);
                return;
            }
            if (!resumeFrom.isEmpty()) {
                // used: a later activation starts from the live stream, as n8n's does
                ctx.saveState(Json.object());
            }
            EventStreamReader reader = new EventStreamReader(resumeFrom, MAX_EVENT_BYTES);
            String why;
            Throwable cause = null;
            try {
                reader.read(opened.body(), event -> {
                    if (event.type().equals("message")) {
                        emit(event, url, ctx);
                    }
                });
                why = "the event stream " + url + " ended";
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                why = "reading the event stream " + url + " failed: " + e.getMessage();
                cause = e;
            }
            if (closed) {
                return;
            }
            opened.close();
            if (!reader.lastEventId().isEmpty()) {
                ctx.saveState(Json.object().put("lastEventId", reader.lastEventId()));
            }
            ctx.broken(why, cause);
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            HttpCall.Stream s = stream;
            if (s != null) {
                s.close();
            }
            // a virtual thread blocked opening the connection is woken (its socket closed) by the interrupt
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Starts a run with a message's data (n8n: {@code returnJsonArray([jsonParse(event.data)])}). */
    private static void emit(EventStreamReader.Event event, String url, ListenContext ctx) throws InterruptedException {
        JsonNode data;
        try {
            data = Json.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(event.data());
        } catch (IOException e) {
            data = null;
        }
        if (data == null || data.isMissingNode()) {
            ctx.log().log(
                    Level.WARNING, "SSE Trigger: an event from " + url + " was skipped: Invalid JSON for event data");
            return;
        }
        JsonNode json = Js.truthy(data.get("json")) ? data.get("json") : data;
        if (!(json instanceof ObjectNode object)) {
            ctx.log().log(
                    Level.WARNING,
                    "SSE Trigger: an event from " + url + " was skipped: its data is JSON but not an object ("
                            + json.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")");
            return;
        }
        try {
            ctx.emit(List.of(Item.of(object)));
        } catch (ListenContext.EmitRefusedException e) {
            ctx.log().log(Level.WARNING, "SSE Trigger: the host refused an event from " + url + ": " + e.getMessage());
        }
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
