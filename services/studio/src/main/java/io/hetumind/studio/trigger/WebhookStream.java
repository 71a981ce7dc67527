package io.hetumind.studio.trigger;

import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.trigger.ChunkSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The answer of a request in n8n's {@code streaming} response mode, handed to its run as the per-run {@link
 * ChunkSink}: 200 with newline-delimited JSON chunks ({@code application/json; charset=utf-8}, chunked), the head going
 * with the first chunk a node writes. When the run ends the stream ends; a run that failed after the head adds an
 * {@code error} chunk naming the failed node. Before any chunk, the run's end is answered as in {@code lastNode} mode
 * when it failed or parked (500 / 202), and with an empty stream when it succeeded without streaming anything (n8n
 * sends no data then). A client that goes away only drops the writes: the run goes on and is recorded.
 */
final class WebhookStream implements ChunkSink {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private final WebhookReply reply;
    private final WebhookEndpoint e;
    private final MeterRegistry metrics;
    private final Map<String, String> nodeIds = new HashMap<>();
    private boolean headSent;
    private boolean closed;
    private int chunks;

    WebhookStream(WebhookReply reply, WebhookEndpoint e, MeterRegistry metrics) {
        this.reply = reply;
        this.e = e;
        this.metrics = metrics;
    }

    @Override
    public synchronized void send(Chunk chunk) {
        if (closed) {
            return;
        }
        nodeIds.putIfAbsent(chunk.nodeName(), chunk.nodeId());
        if (!write(chunk)) {
            closed = true; // the request was answered otherwise (a timeout): the run goes on without its stream
        }
    }

    private boolean write(Chunk chunk) {
        String line = chunk.toJson().toString() + "\n";
        if (!headSent) {
            if (!reply.startStream(200, headers(), CONTENT_TYPE, line)) {
                return false;
            }
            headSent = true;
        } else {
            reply.write(line);
        }
        chunks++;
        Counter.builder("hetumind.webhook.stream.chunks")
                .description("chunks written to streamed webhook answers, by type")
                .tag("type", chunk.type().wire())
                .register(metrics)
                .increment();
        return true;
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>(e.options().responseHeaders());
        headers.put("cache-control", "no-cache");
        return headers;
    }

    /** The run ended (or could not be waited for): close the stream, or answer as {@code lastNode} would. */
    synchronized void finish(ExecutionResult result, Throwable err, WebhookResponses answers) {
        if (closed) {
            return;
        }
        closed = true;
        if (!headSent) {
            boolean ok = err == null && result.status() == ExecutionStatus.SUCCESS;
            if (ok) {
                reply.startStream(200, headers(), CONTENT_TYPE, "");
                reply.end(0);
            } else {
                answers.withoutResponseNode(reply, result, err); // 500 Error in workflow, 202 waiting, 504 …
            }
            return;
        }
        boolean failed =
                err != null || result.status() == ExecutionStatus.ERROR || result.status() == ExecutionStatus.CANCELED;
        if (failed) {
            ExecutionError error = result == null ? null : result.state().error();
            String node = error != null && error.node() != null
                    ? error.node()
                    : e.node().name();
            String text = error == null
                    ? (err == null ? "Error in workflow" : "The workflow did not finish: " + err.getMessage())
                    : error.message(); // n8n sends its error's description; ours is a detail (the exception type)
            int item = error == null ? 0 : Math.max(0, error.itemIndex());
            int run = result == null ? 0 : Math.max(0, result.state().runs(node).size() - 1);
            write(new Chunk(Type.ERROR, text, nodeIds.get(node), node, run, item, System.currentTimeMillis()));
        }
        reply.end(chunks);
    }

    /** No chunk within the response timeout: 504 as in the other modes (the run goes on without its stream). */
    synchronized boolean timedOut() {
        if (headSent || closed) {
            return false;
        }
        closed = true;
        return true;
    }
}
