package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.mqtt.MqttNode;

/**
 * The MQTT node as an agent's tool (n8n 2.x {@code n8n-nodes-base.mqttTool}): publishes a message the
 * model writes.
 */
public final class MqttToolNode extends NodeAsToolNode {

    public MqttToolNode() {
        super(new MqttNode(), "hetumind.mqttTool", "n8n-nodes-base.mqttTool");
    }
}
