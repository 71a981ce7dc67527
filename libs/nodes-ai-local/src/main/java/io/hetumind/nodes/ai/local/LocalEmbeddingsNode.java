package io.hetumind.nodes.ai.local;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.vector.Embedder;

/**
 * Local Embeddings: all-MiniLM-L6-v2 (quantized, 384 dimensions) run in process by ONNX Runtime;
 * the model ships inside the jar, so nothing leaves the machine and nothing is downloaded. The
 * model is loaded once per process, on first use.
 */
public final class LocalEmbeddingsNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.embeddingsLocal")
            .displayName("Embeddings Local (all-MiniLM-L6-v2)")
            .description("Turns text into 384-dimension vectors in process, with no external service")
            .group(NodeGroup.AI)
            .icon("microchip")
            .subNode(ConnectionTypes.AI_EMBEDDING)
            .property(PropertySpec.number("batchSize")
                    .displayName("Batch Size")
                    .defaultValue(32)
                    .minValue(1)
                    .maxValue(1024))
            .build();

    /** Loaded on first use: the model takes ~1 s to load. */
    private static final class Holder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        int batch = AiParams.intIn(ctx, "batchSize", item, 32, 1, 1024);
        return new Embedder(Holder.MODEL, ctx, "all-MiniLM-L6-v2-q", batch);
    }
}
