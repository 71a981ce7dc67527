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
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
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
                            .description("Whether to process messages in parallel or by keeping the message in"
                                    + " order (off: each message waits until the previous one's execution ended)")))
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
        boolean parallel = params.bool("options.parallelProcessing", true);
        ObjectNode cred = ctx.credentials("mqtt")
                .orElseThrow(() -> NodeException.user("credentials of type 'mqtt' are not set for this node"));
        Secrets secrets = Secrets.of(MqttCredential.DESCRIPTOR, cred);
        String where =
                cred.path("host").asText("").strip() + ":" + cred.path("port").asInt(1883);
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        AtomicBoolean closed = new AtomicBoolean();
        Handler handler = new Handler(
                ctx,
                params.node().name(),
                jsonParse,
                onlyMessage,
                parallel ? null : new OneAtATime(ctx, params.node().name()));
        MqttClient client;
        try {
            try {
                client = subscribe(policy, cred, subs, ctx, secrets, where, closed, handler);
            } catch (NodeException e) {
                if (!(e.getCause() instanceof MqttException m)
                        || m.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
                // a broker may drop a session that subscribes right after its CONNACK (Moquette 0.17 does):
                // a second, fresh session is what mqtt.js's reconnect would give
                ctx.log().log(System.Logger.Level.WARNING, e.getMessage() + "; connecting once more");
                client = subscribe(policy, cred, subs, ctx, secrets, where, closed, handler);
            }
        } catch (RuntimeException e) {
            handler.stop();
            throw e;
        }
        MqttClient open = client;
        return () -> {
            closed.set(true);
            // the execution being waited for is not waited for any longer; queued messages stay unacknowledged
            handler.stop();
            MqttNode.close(open);
        };
    }

    /**
     * What is done with each message: one emit of one item. In parallel (n8n's default) it is emitted from
     * Paho's callback thread and acknowledged once the host took it. With {@code parallelProcessing: false}
     * messages go through {@link OneAtATime}: each is emitted only after the previous one's execution ended.
     */
    private record Handler(ListenContext ctx, String node, boolean jsonParse, boolean onlyMessage, OneAtATime serial) {

        void arrived(MqttClient client, String topic, MqttMessage message) throws InterruptedException {
            if (serial == null) {
                if (emit(client, topic, message, false)) {
                    ack(client, message);
                }
                return;
            }
            serial.submit(() -> emit(client, topic, message, true));
        }

        /**
         * Emits the message. Without {@code follow}: true when the host took it (the caller acknowledges it). With
         * {@code follow}: acknowledges it once the host took it and returns only once its execution ended. A message
         * the host refused stays unacknowledged.
         */
        private boolean emit(MqttClient client, String topic, MqttMessage message, boolean follow)
                throws InterruptedException {
            List<Item> items = List.of(Item.of(item(topic, message.getPayload(), jsonParse, onlyMessage)));
            try {
                if (!follow) {
                    ctx.emit(items);
                    return true;
                }
                Optional<CompletionStage<ListenContext.ExecutionEnd>> end = ctx.emitAndFollow(items);
                ack(client, message);
                if (end.isEmpty()) {
                    serial.unfollowed();
                } else {
                    serial.await(end.get(), topic);
                }
                return false; // acknowledged here
            } catch (ListenContext.EmitRefusedException e) {
                // left unacknowledged: the broker delivers it again on the next session (clean=false)
                ctx.log().log(
                        System.Logger.Level.WARNING, "MQTT message on '" + topic + "' not taken: " + e.getMessage());
                return false;
            }
        }

        private void ack(MqttClient client, MqttMessage message) {
            if (message.getQos() == 0) {
                return;
            }
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException e) {
                // the connection went: the broker delivers it again on the next session (clean=false)
                ctx.log().log(
                        System.Logger.Level.WARNING,
                        "MQTT Trigger '" + node + "': acknowledging message " + message.getId() + " failed: "
                                + MqttNode.reason(e));
            }
        }

        void stop() {
            if (serial != null) {
                serial.stop();
            }
        }
    }

    /**
     * {@code parallelProcessing: false}: one thread takes the messages in arrival order and starts the next
     * execution only once the previous one ended (n8n's intent: "keeping the message in order"). Paho's callback
     * thread only queues, so it keeps reading the broker's packets (PINGRESP among them) while an execution runs;
     * the queue is bounded and blocks that thread when full. Unacknowledged QoS 1/2 messages are also bounded by the
     * broker's in-flight window, since each is acknowledged only once its execution is accepted.
     */
    static final class OneAtATime {
        /** Messages waiting for their turn before Paho's callback thread is held up. */
        static final int BACKLOG = 1_000;

        interface Step {
            void run() throws InterruptedException;
        }

        private final ListenContext ctx;
        private final String node;
        private final BlockingQueue<Step> queue = new LinkedBlockingQueue<>(BACKLOG);
        private final AtomicBoolean warned = new AtomicBoolean();
        private final Thread worker;
        private volatile boolean stopped;

        OneAtATime(ListenContext ctx, String node) {
            this.ctx = ctx;
            this.node = node;
            this.worker = Thread.ofPlatform()
                    .daemon()
                    .name("mqtt-trigger-in-order-" + ctx.workflowId())
                    .start(this::loop);
        }

        void submit(Step step) throws InterruptedException {
            if (!stopped) {
                queue.put(step);
            }
        }

        private void loop() {
            while (!stopped) {
                try {
                    queue.take().run();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    ctx.log().log(
                            System.Logger.Level.WARNING,
                            "MQTT Trigger '" + node + "': a message could not be handled: " + e.getMessage());
                }
            }
        }

        /** Waits until the execution ended, whatever its outcome (a failed one does not hold up the next). */
        void await(CompletionStage<ListenContext.ExecutionEnd> end, String topic) throws InterruptedException {
            try {
                end.toCompletableFuture().get();
            } catch (ExecutionException e) {
                ctx.log().log(
                        System.Logger.Level.WARNING,
                        "MQTT Trigger '" + node + "': the host lost track of the execution of a message on '" + topic
                                + "'; taking the next one: " + e.getCause());
            }
        }

        void unfollowed() {
            if (!warned.getAndSet(true)) {
                ctx.log().log(
                        System.Logger.Level.INFO,
                        "MQTT Trigger '" + node + "': this host cannot tell when executions finish, so with parallel"
                                + " processing off messages are only started in order, not one after the other");
            }
        }

        void stop() {
            stopped = true;
            worker.interrupt();
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.clear();
        }
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
            Handler handler) {
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
            public void messageArrived(String topic, MqttMessage message) {
                try {
                    handler.arrived(client, topic, message);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
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
