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
 * Token Splitter (n8n {@code textSplitterTokenSplitter} 1): chunks of {@code chunkSize} tokens (cl100k_base, OpenAI's
 * GPT-3.5/4 encoding, via JTokkit), consecutive chunks sharing {@code chunkOverlap} tokens.
 */
public final class TokenTextSplitterNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.textSplitterTokenSplitter")
            .displayName("Token Splitter")
            .description("Split text into chunks by tokens")
            .group(NodeGroup.AI)
            .icon("grip-lines-vertical")
            .alias(AiParams.N8N + "textSplitterTokenSplitter")
            .subNode(ConnectionTypes.AI_TEXT_SPLITTER)
            .property(PropertySpec.number("chunkSize")
                    .displayName("Chunk Size")
                    .defaultValue(1000)
                    .minValue(1)
                    .description("Tokens per chunk"))
            .property(PropertySpec.number("chunkOverlap")
                    .displayName("Chunk Overlap")
                    .defaultValue(0)
                    .minValue(0)
                    .description("Tokens shared by consecutive chunks"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        int size = AiParams.intIn(ctx, "chunkSize", item, 1000, 1, 10_000_000);
        int overlap = AiParams.intIn(ctx, "chunkOverlap", item, 0, 0, 10_000_000);
        if (overlap >= size) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': the chunk overlap (" + overlap
                            + ") must be smaller than the chunk size (" + size + ")",
                    item);
        }
        return TextSplitters.recorded(ctx, TextSplitters.tokens(size, overlap));
    }
}
