package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.rabbitmq.RabbitMqNode;

/**
 * The RabbitMQ node as an agent's tool (n8n 2.x {@code n8n-nodes-base.rabbitmqTool}): sends a message the
 * model writes to a queue or exchange.
 */
public final class RabbitMqToolNode extends NodeAsToolNode {

    public RabbitMqToolNode() {
        super(new RabbitMqNode(), "hetumind.rabbitmqTool", "n8n-nodes-base.rabbitmqTool");
    }
}
