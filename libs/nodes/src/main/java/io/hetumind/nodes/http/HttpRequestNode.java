package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HTTP Request: one request (or one paginated series) per input item; with {@code options.batching}
 * the items of a batch are sent concurrently and batches are spaced by the interval. Failures are
 * node errors, or error items when the node continues on failure; secrets never appear in either.
 */
public final class HttpRequestNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = HttpRequestDescriptor.build();

    /** What one input item produced: items, or a failure. */
    private record Outcome(List<Item> items, NodeException error) {}

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        List<Item> items = ctx.items();
        // v3+: options.batching.batch; v1/v2: flat options.batchSize and batchInterval, which batch only when both are
        // set (n8n compares undefined >= 0 and > 0: false)
        String prefix = ctx.node().typeVersion() < 3 ? "options." : "options.batching.batch.";
        int batchSize = items.isEmpty() ? -1 : ctx.param(prefix + "batchSize", 0, Integer.class, -1);
        long interval = items.isEmpty() ? 0 : ctx.param(prefix + "batchInterval", 0, Long.class, 1000L);
        boolean batching = ctx.node().typeVersion() < 3
                ? ctx.rawParam("options.batchSize") != null
                        && ctx.rawParam("options.batchInterval") != null
                        && batchSize >= 0
                : ctx.rawParam("options.batching.batch") != null && batchSize >= 0;
        int size = batching ? Math.max(1, batchSize) : 1;
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int start = 0; start < items.size() && !ctx.canceled(); start += size) {
            if (batching && start > 0 && interval > 0) {
                Thread.sleep(interval);
            }
            for (Outcome o : batch(ctx, start, Math.min(items.size(), start + size))) {
                if (o.error() == null) {
                    out.addAll(o.items());
                } else if (ctx.continueOnFail()) {
                    errors.add(o.items().getFirst());
                } else {
                    throw o.error();
                }
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static List<Outcome> batch(NodeContext ctx, int from, int to) throws InterruptedException {
        if (to - from == 1) {
            return List.of(outcome(ctx, from));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int item = i;
                futures.add(pool.submit(() -> outcome(ctx, item)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return outcomes;
        }
    }

    private static Outcome outcome(NodeContext ctx, int i) throws InterruptedException {
        HttpAuth auth = HttpAuth.NONE;
        try {
            auth = HttpAuth.of(ctx, i);
            List<Item> items = ctx.node().typeVersion() < 3
                    ? new HttpLegacyRequest(ctx, i, auth).run()
                    : new HttpItemRequest(ctx, i, auth).run();
            return new Outcome(items, null);
        } catch (NodeException e) {
            return failure(auth, e, i);
        } catch (RuntimeException e) {
            return failure(auth, new NodeException(ErrorKind.BUG, String.valueOf(e.getMessage()), i, null, e), i);
        }
    }

    /** The error, masked, and the error item n8n would emit for it. */
    private static Outcome failure(HttpAuth auth, NodeException e, int i) {
        ObjectNode json = Json.object();
        if (e instanceof HttpNodeError h) {
            ObjectNode error = json.putObject("error");
            error.put("name", h.errorName()).put("message", e.getMessage());
            if (e.description() != null) {
                error.put("description", e.description());
            }
            if (h.httpCode() > 0) {
                error.put("httpCode", String.valueOf(h.httpCode()));
            }
        } else {
            json.put("error", e.getMessage());
        }
        Item item = new Item((ObjectNode) auth.secrets().redact(json), null, new PairedItem(i, 0));
        return new Outcome(List.of(item), auth.secrets().redact(e));
    }
}
