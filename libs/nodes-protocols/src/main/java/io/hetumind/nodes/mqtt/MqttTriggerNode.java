package io.hetumind.nodes.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.credentials.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;

/**
 * MQTT Trigger (n8n v1): subscribes to {@code topics} ("a,b/#:1" — a QoS after a colon, 0 by
 * default) and starts one execution per message with one item {@code {message, topic}}. The
 * message is acknowledged (QoS 1/2) only once the host accepted the execution. The connection is
 * the MQTT node's ({@link MqttNode#connect}): the broker is resolved and checked by the network
 * policy.
 */
public final class MqttTriggerNode implements NodeType, ListenTrigger {

    public static final String TYPE = "hetumind.mqttTrigger";

    private static final long ACTION_TIMEOUT_MILLIS = 30_000;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("MQTT Trigger")
            .description("Listens to MQTT events")
            .group(NodeGroup.TRIGGER)
            .icon("mqtt")
            .alias("n8n-nodes-base.mqttTrigger")
            .trigger(TriggerSpec.of(TriggerKind.LISTEN, "Starts the workflow for each message on the topics")
                    .with("topics", "topics"))
            .credential("mqtt", true)
            .property(PropertySpec.string("topics")
                    .displayName("Topics")
                    .defaultValue("")
                    .description("Topics to subscribe to, separated by commas; wildcards + (one level) and #"
                            + " (the rest) are allowed. QoS is 0 unless written after a colon, e.g."
                            + " topicA:1,topicB:2"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(PropertySpec.bool("jsonParseBody")
                            .displayName("JSON Parse Body")
                            .defaultValue(false)
                            .description("Whether to try to parse the message as JSON (it stays text when it"
                                    + " is not JSON)"))
                    .child(PropertySpec.bool("onlyMessage")
                            .displayName("Only Message")
                            .defaultValue(false)
                            .description("Whether to return only the message property"))
                    .child(PropertySpec.bool("parallelProcessing")
                            .displayName("Parallel Processing")
                            .defaultValue(true)
                            .description(
                                    "Whether to process messages in parallel or by keeping the message in" + " order")))
            .build();

    /** One subscription: a topic filter and its QoS. */
    record Subscription(String filter, int qos) {}

    private final long actionTimeoutMillis;

    public MqttTriggerNode() {
        this(ACTION_TIMEOUT_MILLIS);
    }

    MqttTriggerNode(long actionTimeoutMillis) {
        this.actionTimeoutMillis = actionTimeoutMillis;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return passEvent(ctx, "MQTT Trigger", "a message {message, topic}");
    }

    @Override
    public String target(TriggerParams params) {
        List<Subscription> subs = subscriptions(params);
        StringBuilder out = new StringBuilder("MQTT topics ");
        for (int i = 0; i < subs.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(subs.get(i).filter());
            if (subs.get(i).qos() > 0) {
                out.append(" (QoS ").append(subs.get(i).qos()).append(')');
            }
        }
        return out.toString();
    }

    /** n8n's reading of {@code topics}: comma-separated, an optional ":qos" (outside 0–2 → 0). */
    static List<Subscription> subscriptions(TriggerParams params) {
        String topics = params.string("topics", "");
        List<Subscription> out = new ArrayList<>();
        for (String part : topics.split(",")) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String filter = colon < 0 ? entry : entry.substring(0, colon).strip();
            int qos = 0;
            if (colon >= 0) {
                String q = entry.substring(colon + 1).strip();
                try {
                    qos = Integer.parseInt(q);
                } catch (NumberFormatException e) {
                    throw new TriggerConfigException(
                            params.node().name(),
                            "topics",
                            "QoS of '" + filter + "' must be 0, 1 or 2, not '" + q + "'");
                }
                if (qos < 0 || qos > 2) {
                    qos = 0; // as n8n
                }
            }
            try {
                MqttTopic.validate(filter, true);
            } catch (IllegalArgumentException e) {
                throw new TriggerConfigException(
                        params.node().name(),
                        "topics",
                        "'" + filter + "' is not a valid topic filter: " + e.getMessage());
            }
            out.add(new Subscription(filter, qos));
        }
        if (out.isEmpty()) {
            throw new TriggerConfigException(params.node().name(), "topics", "Topics are mandatory");
        }
        return out;
    }

    @Override
    public AutoCloseable listen(TriggerParams params, ListenContext ctx) {
        List<Subscription> subs = subscriptions(params);
        boolean jsonParse = params.bool("options.jsonParseBody", false);
        boolean onlyMessage = params.bool("options.onlyMessage", false);
        ObjectNode cred = ctx.credentials("mqtt")
                .orElseThrow(() -> NodeException.user("credentials of type 'mqtt' are not set for this node"));
        Secrets secrets = Secrets.of(MqttCredential.DESCRIPTOR, cred);
        String where =
                cred.path("host").asText("").strip() + ":" + cred.path("port").asInt(1883);
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        AtomicBoolean closed = new AtomicBoolean();
        MqttClient client;
        try {
            client = subscribe(policy, cred, subs, ctx, secrets, where, closed, jsonParse, onlyMessage);
        } catch (NodeException e) {
            if (!(e.getCause() instanceof MqttException m)
                    || m.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                throw e;
            }
            // a broker may drop a session that subscribes right after its CONNACK (Moquette 0.17 does):
            // a second, fresh session is what mqtt.js's reconnect would give
            ctx.log().log(System.Logger.Level.WARNING, e.getMessage() + "; connecting once more");
            client = subscribe(policy, cred, subs, ctx, secrets, where, closed, jsonParse, onlyMessage);
        }
        MqttClient open = client;
        return () -> {
            closed.set(true);
            MqttNode.close(open);
        };
    }

    /** Connects, sets the callback and subscribes; a failure closes the session it opened. */
    private MqttClient subscribe(
            NetworkPolicy policy,
            ObjectNode cred,
            List<Subscription> subs,
            ListenContext ctx,
            Secrets secrets,
            String where,
            AtomicBoolean closed,
            boolean jsonParse,
            boolean onlyMessage) {
        MqttClient client;
        try {
            client = MqttNode.connect(policy, cred, actionTimeoutMillis);
        } catch (NodeException e) {
            throw secrets.redact(e);
        }
        // a session lost before its subscription was answered is reported by the exception, not as broken
        AtomicBoolean subscribed = new AtomicBoolean();
        // acknowledge QoS 1/2 messages only after the host accepted the execution
        client.setManualAcks(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                if (subscribed.get() && !closed.get()) {
                    String why = cause instanceof MqttException m
                            ? MqttNode.reason(m)
                            : cause == null ? "closed" : String.valueOf(cause.getMessage());
                    ctx.broken("connection to the MQTT broker at " + where + " lost: " + secrets.redact(why), null);
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                List<Item> items = List.of(Item.of(item(topic, message.getPayload(), jsonParse, onlyMessage)));
                try {
                    ctx.emit(items);
                } catch (ListenContext.EmitRefusedException e) {
                    // left unacknowledged: the broker delivers it again on the next session (clean=false)
                    ctx.log().log(
                            System.Logger.Level.WARNING,
                            "MQTT message on '" + topic + "' not taken: " + e.getMessage());
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (message.getQos() > 0) {
                    client.messageArrivedComplete(message.getId(), message.getQos());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // nothing is published
            }
        });
        String[] filters = subs.stream().map(Subscription::filter).toArray(String[]::new);
        int[] qos = subs.stream().mapToInt(Subscription::qos).toArray();
        try {
            IMqttToken token = client.subscribeWithResponse(filters, qos);
            int[] granted = token.getGrantedQos();
            for (int i = 0; i < granted.length && i < filters.length; i++) {
                if (granted[i] == 0x80) {
                    throw NodeException.user(
                            "the MQTT broker at " + where + " refused the subscription to '" + filters[i] + "'");
                }
            }
            subscribed.set(true);
            if (!client.isConnected()) { // lost before the flag was up: connectionLost reported nothing
                throw new MqttException(MqttException.REASON_CODE_CONNECTION_LOST);
            }
        } catch (MqttException e) {
            MqttNode.close(client);
            throw NodeException.operational(
                    "subscribing at the MQTT broker at " + where + " failed: " + MqttNode.reason(e), e);
        } catch (NodeException e) {
            MqttNode.close(client);
            throw e;
        }
        return client;
    }

    /** n8n's item: {message, topic}; only the message when {@code onlyMessage}. */
    static ObjectNode item(String topic, byte[] payload, boolean jsonParse, boolean onlyMessage) {
        String text = new String(payload, StandardCharsets.UTF_8);
        JsonNode message = Json.F.textNode(text);
        if (jsonParse) {
            try {
                message = Json.reader().readTree(text);
                if (message == null || message.isMissingNode()) {
                    message = Json.F.textNode(text);
                }
            } catch (Exception e) {
                // as n8n: a body that is not JSON stays text
                message = Json.F.textNode(text);
            }
        }
        if (onlyMessage && message.isObject()) {
            return (ObjectNode) message;
        }
        ObjectNode out = Json.F.objectNode();
        out.set("message", message);
        if (!onlyMessage) {
            out.put("topic", topic);
        }
        return out;
    }
}
