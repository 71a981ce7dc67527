package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.compression.CompressionNode;

/**
 * The Compression node as an agent's tool (n8n 2.x {@code n8n-nodes-base.compressionTool}): zips or unzips
 * the agent's item's files; an answer of files only is n8n's binary-data error text.
 */
public final class CompressionToolNode extends NodeAsToolNode {

    public CompressionToolNode() {
        super(new CompressionNode(), "hetumind.compressionTool", "n8n-nodes-base.compressionTool");
    }
}
