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
 * What an embeddings sub-node supplies: texts in, vectors out, in batches; each call is recorded
 * in the root's run data ({@code ai_embedding {…}}: texts, dimensions, latency) and a failure is a
 * node error naming the embeddings node.
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

    public List<float[]> embed(List<String> texts, int item) {
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
            ctx.log(RECORD_PREFIX
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
