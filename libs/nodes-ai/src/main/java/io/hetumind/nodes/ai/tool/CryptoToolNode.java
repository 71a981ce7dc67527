package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.data.crypto.CryptoNode;

/**
 * The Crypto node as an agent's tool (n8n 2.x {@code n8n-nodes-base.cryptoTool}; both versions of
 * n8n's Crypto node are {@code usableAsTool}): hash, HMAC, sign or generate with values from the
 * model through {@code $fromAI(...)}.
 */
public final class CryptoToolNode extends NodeAsToolNode {

    public CryptoToolNode() {
        super(new CryptoNode(), "hetumind.cryptoTool", "n8n-nodes-base.cryptoTool");
    }
}
