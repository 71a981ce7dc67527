package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.redis.RedisNode;

/**
 * The Redis node as an agent's tool (n8n 2.x {@code n8n-nodes-base.redisTool}): get, set, increment,
 * publish … with keys and values from the model.
 */
public final class RedisToolNode extends NodeAsToolNode {

    public RedisToolNode() {
        super(new RedisNode(), "hetumind.redisTool", "n8n-nodes-base.redisTool");
    }
}
