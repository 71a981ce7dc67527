package io.hetumind.nodes.ai.vector;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an embeddings sub-node supplies: texts in, vectors out, in batches; each call is a run of the embeddings
 * sub-node in run data (n8n's shape), whose console has a line per batch ({@code ai_embedding {…}}: texts,
 * dimensions, latency); a failure is a node error naming the embeddings node.
 */
public final class Embedder {

    public static final String RECORD_PREFIX = "ai_embedding ";

    private final EmbeddingModel model;
    private final NodeContext ctx;
    private final String modelName;
    private final int batchSize;

    public Embedder(EmbeddingModel model, NodeContext ctx, String modelName, int batchSize) {
        this.model = model;
        this.ctx = ctx;
        this.modelName = modelName;
        this.batchSize = Math.max(1, batchSize);
    }

    public String nodeName() {
        return ctx.node().name();
    }

    /**
     * Embeds {@code texts}, recorded as one run of the embeddings sub-node as n8n records {@code embedDocuments}:
     * {@code {documents}} in, {@code {response}} (the vectors) out, or the error.
     */
    public List<float[]> embed(List<String> texts, int item) {
        com.fasterxml.jackson.databind.node.ObjectNode in = Json.object();
        texts.forEach(in.putArray("documents")::add);
        io.hetumind.core.spi.SubNodeCall call = ctx.recordCall(
                io.hetumind.core.model.ConnectionTypes.AI_EMBEDDING, List.of(io.hetumind.core.model.Item.of(in)));
        try {
            List<float[]> out = embedBatches(texts, item, call);
            com.fasterxml.jackson.databind.node.ObjectNode response = Json.object();
            com.fasterxml.jackson.databind.node.ArrayNode vectors = response.putArray("response");
            for (float[] v : out) {
                com.fasterxml.jackson.databind.node.ArrayNode a = vectors.addArray();
                for (float f : v) {
                    a.add(f);
                }
            }
            call.succeeded(List.of(io.hetumind.core.model.Item.of(response)));
            return out;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        }
    }

    private List<float[]> embedBatches(List<String> texts, int item, io.hetumind.core.spi.SubNodeCall call) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            long t0 = System.nanoTime();
            List<Embedding> vectors;
            try {
                vectors = model.embedAll(batch.stream().map(TextSegment::from).toList())
                        .content();
            } catch (NodeException e) {
                throw e;
            } catch (RuntimeException e) {
                throw io.hetumind.nodes.ai.model.ProviderErrors.of("'" + nodeName() + "' (" + modelName + ")", e, item);
            }
            if (vectors == null || vectors.size() != batch.size()) {
                throw new NodeException(
                        ErrorKind.OPERATIONAL,
                        "'" + nodeName() + "' returned " + (vectors == null ? 0 : vectors.size()) + " vectors for "
                                + batch.size() + " texts",
                        item,
                        null,
                        null);
            }
            vectors.forEach(v -> out.add(v.vector()));
            call.log(RECORD_PREFIX
                    + Json.object()
                            .put("node", nodeName())
                            .put("model", modelName)
                            .put("texts", batch.size())
                            .put("dimensions", vectors.getFirst().dimension())
                            .put("latencyMs", (System.nanoTime() - t0) / 1_000_000));
        }
        return out;
    }
}
