package io.hetumind.nodes.ai.vector;

import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;

/**
 * Recursive Character Text Splitter (n8n {@code textSplitterRecursiveCharacterTextSplitter} 1):
 * paragraphs, then lines, then sentences, then words, until chunks are at most {@code chunkSize}
 * characters, consecutive chunks sharing up to {@code chunkOverlap}.
 */
public final class RecursiveTextSplitterNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(
                    "hetumind.textSplitterRecursiveCharacterTextSplitter")
            .displayName("Recursive Character Text Splitter")
            .description("Split text into chunks by paragraphs, lines, sentences and words")
            .group(NodeGroup.AI)
            .icon("grip-lines-vertical")
            .alias(AiParams.N8N + "textSplitterRecursiveCharacterTextSplitter")
            .subNode(ConnectionTypes.AI_TEXT_SPLITTER)
            .property(PropertySpec.number("chunkSize")
                    .displayName("Chunk Size")
                    .defaultValue(1000)
                    .minValue(1))
            .property(PropertySpec.number("chunkOverlap")
                    .displayName("Chunk Overlap")
                    .defaultValue(0)
                    .minValue(0))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        int size = AiParams.intIn(ctx, "chunkSize", item, 1000, 1, 1_000_000);
        int overlap = AiParams.intIn(ctx, "chunkOverlap", item, 0, 0, 1_000_000);
        if (overlap >= size) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': the chunk overlap (" + overlap
                            + ") must be smaller than the chunk size (" + size + ")",
                    item);
        }
        return TextSplitters.recorded(ctx, splitter(size, overlap));
    }

    /** The splitter itself (also the default data loader's "simple" mode). */
    static TextSplitter splitter(int size, int overlap) {
        return TextSplitters.recursive(size, overlap);
    }
}
