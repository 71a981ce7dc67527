package io.hetumind.nodes.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.net.PinnedAddress;
import io.hetumind.nodes.net.TlsClient;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT (n8n v1): publishes one message per item (the item's JSON, or the {@code message}
 * parameter) to a broker, with QoS and retain, over one connection that is closed after the
 * messages of QoS 1 and 2 are acknowledged. The items pass through unchanged. The broker's address
 * is resolved and checked by the host's {@link NetworkPolicy} and the client connects to that very
 * address.
 */
public final class MqttNode implements NodeType {

    public static final String TYPE = "hetumind.mqtt";

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private static final Set<String> PROTOCOLS = Set.of("mqtt", "mqtts", "ws", "wss");

    /**
     * How long any client action (connect, a QoS 1/2 acknowledgement) may wait. Paho's own connection
     * timeout covers the TCP connect only: a server that answers something other than a CONNACK would
     * otherwise keep the node waiting for ever.
     */
    private static final long ACTION_TIMEOUT_MILLIS = 30_000;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("MQTT")
            .description("Push messages to MQTT")
            .group(NodeGroup.HTTP)
            .icon("mqtt")
            .alias("n8n-nodes-base.mqtt")
            .credential("mqtt", true)
            .property(PropertySpec.string("topic")
                    .displayName("Topic")
                    .defaultValue("")
                    .required()
                    .description("The topic to publish to"))
            .property(PropertySpec.bool("sendInputData")
                    .displayName("Send Input Data")
                    .defaultValue(true)
                    .description("Whether to send the data the node receives as JSON"))
            .property(PropertySpec.string("message")
                    .displayName("Message")
                    .defaultValue("")
                    .required()
                    .description("The message to publish")
                    .showWhen("sendInputData", false))
            .property(
                    PropertySpec.collection("options")
                            .displayName("Options")
                            .placeholder("Add option")
                            .child(PropertySpec.options("qos")
                                    .displayName("QoS")
                                    .option(0, "Received at Most Once")
                                    .option(1, "Received at Least Once")
                                    .option(2, "Exactly Once")
                                    .defaultValue(0)
                                    .description("QoS subscription level"))
                            .child(
                                    PropertySpec.bool("retain")
                                            .displayName("Retain")
                                            .defaultValue(false)
                                            .description(
                                                    "Whether the broker keeps the message as the topic's last one for later subscribers")))
            .build();

    private final long actionTimeoutMillis;

    public MqttNode() {
        this(ACTION_TIMEOUT_MILLIS);
    }

    /** With another bound on each client action (tests). */
    MqttNode(long actionTimeoutMillis) {
        this.actionTimeoutMillis = actionTimeoutMillis;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        ObjectNode cred = ctx.credentials("mqtt")
                .orElseThrow(() -> NodeException.user("credentials of type 'mqtt' are not set for this node"));
        Secrets secrets = Secrets.of(MqttCredential.DESCRIPTOR, cred);
        try {
            return publish(ctx, cred);
        } catch (NodeException e) {
            throw secrets.redact(e);
        }
    }

    private NodeResult publish(NodeContext ctx, ObjectNode cred) {
        List<Item> items = ctx.items();
        MqttClient client = connect(ctx, cred);
        try {
            for (int i = 0; i < items.size(); i++) {
                String topic = ctx.param("topic", i, String.class, "");
                int qos = ctx.param("options.qos", i, Integer.class, 0);
                boolean retain = ctx.param("options.retain", i, Boolean.class, false);
                String message = ctx.param("sendInputData", i, Boolean.class, true)
                        ? Json.write(items.get(i).json())
                        : ctx.param("message", i, String.class, "");
                check(topic, qos, i);
                try {
                    // the synchronous client returns once a QoS 1/2 message is acknowledged
                    client.publish(topic, message.getBytes(StandardCharsets.UTF_8), qos, retain);
                } catch (MqttException e) {
                    throw NodeException.operational(
                            "publishing to '" + topic + "' failed: " + reason(e) + " [item " + i + "]", e);
                }
            }
        } finally {
            close(client);
        }
        // n8n returns its input items as they were
        return NodeResult.of(items);
    }

    private static void check(String topic, int qos, int i) {
        if (topic.isEmpty()) {
            throw NodeException.user("parameter 'topic' is empty [item " + i + "]", i);
        }
        if (topic.contains("#") || topic.contains("+") || topic.indexOf('\0') >= 0) {
            throw NodeException.user(
                    "parameter 'topic': '" + topic
                            + "' cannot be published to (no wildcards # or + in a topic name) [item " + i + "]",
                    i);
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw NodeException.user("parameter 'topic' is longer than 65535 bytes [item " + i + "]", i);
        }
        if (qos < 0 || qos > 2) {
            throw NodeException.user("option 'qos' must be 0, 1 or 2, not " + qos + " [item " + i + "]", i);
        }
    }

    private MqttClient connect(NodeResources ctx, ObjectNode cred) {
        return connect(ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll), cred, actionTimeoutMillis);
    }

    /**
     * A connected client for the credential: the host resolved and checked by {@code policy}, Paho
     * handed the checked IP literal, TLS layered over that connection for mqtts or SSL ({@link MqttTls}).
     * Refused credentials and TLS setups are user errors, the rest operational.
     */
    static MqttClient connect(NetworkPolicy policy, ObjectNode cred, long actionTimeoutMillis) {
        String protocol = cred.path("protocol").asText("mqtt").toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw NodeException.user(
                    "credential 'mqtt': protocol '" + protocol + "' is not supported (mqtt, mqtts, ws, wss)");
        }
        boolean webSocket = protocol.equals("ws") || protocol.equals("wss");
        String host = cred.path("host").asText("").strip();
        if (host.isEmpty()) {
            throw NodeException.user("credential 'mqtt': 'host' is empty");
        }
        int port = cred.path("port").asInt(1883);
        if (port < 1 || port > 65535) {
            throw NodeException.user("credential 'mqtt': port " + port + " is out of range");
        }
        // the PEM fields are read before connecting, so a bad one fails without touching the network
        TlsClient tls = MqttTls.wanted(cred, protocol) ? MqttTls.client(cred, host) : null;
        InetAddress address = resolve(policy, host, port);
        String clientId = cred.path("clientId").asText("");
        if (clientId.isEmpty()) {
            clientId = "mqttjs_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        }
        MqttConnectOptions options = new MqttConnectOptions();
        if (tls != null) {
            // a tcp:// (or ws://) module whose socket connects to the checked address and layers TLS with the
            // host name: Paho's ssl:// and wss:// modules would check the certificate against the IP literal
            options.setSocketFactory(tls.connectingFactory(new InetSocketAddress(address, port)));
        } else if (webSocket) {
            // Paho's WebSocket module connects by the URI's host name: its socket goes to the checked address
            options.setSocketFactory(new PinnedAddress(host, port, address).socketFactory());
        }
        options.setCleanSession(cred.path("clean").asBoolean(true));
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        // MQTT 3.1.1 only, as mqtt.js: Paho's default falls back to 3.1 after a refusal, and the second attempt's
        // failure ("Already connected" over a WebSocket still closing) would hide the broker's answer
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        String user = cred.path("username").asText("");
        String password = cred.path("password").asText("");
        // as n8n: the user name and password are sent only together
        if (!user.isEmpty() && !password.isEmpty()) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        String literal =
                address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        String uri = webSocket ? webSocketUri(host, literal, port) : "tcp://" + literal + ":" + port;
        MqttClient client = null;
        try {
            client = new MqttClient(uri, clientId, new MemoryPersistence());
            client.setTimeToWait(actionTimeoutMillis);
            client.connect(options);
            return client;
        } catch (MqttException e) {
            close(client);
            boolean refused = e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                    || e.getReasonCode() == MqttException.REASON_CODE_INVALID_CLIENT_ID;
            String where = "could not connect to the MQTT broker at " + host + ":" + port + ": ";
            String failure = tls == null ? null : tls.failure(e);
            if (failure != null) {
                throw new NodeException(TlsClient.kind(failure), where + failure, -1, null, null);
            }
            String message = where + reason(e);
            if (webSocket && notWebSocket(e)) {
                message += " (port " + port + " is not a WebSocket listener of an MQTT broker: protocol " + protocol
                        + " needs one; for a plain MQTT port choose mqtt" + (tls == null ? "" : "s") + ")";
            } else if (webSocket && hungUp(e)) {
                message += tls == null
                        ? " (the server closed the connection at the WebSocket upgrade: a plain MQTT port (choose"
                                + " mqtt) or a TLS one (choose wss)?)"
                        : " (the server closed the connection at the WebSocket upgrade: a plain MQTT port over TLS"
                                + " (choose mqtts)?)";
            } else if (tls == null && e.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST) {
                message += " (the broker closed the connection: a TLS port (turn SSL on) or a WebSocket one (choose"
                        + " ws)?)";
            }
            throw new NodeException(refused ? ErrorKind.USER : ErrorKind.OPERATIONAL, message, -1, null, null);
        }
    }

    /**
     * The WebSocket address mqtt.js builds for n8n ({@code ws://host:port/}): the credential's host name, so the
     * upgrade request's {@code Host} header names it (a proxy in front of the broker may route by it); a name
     * {@link URI} cannot carry (an underscore) falls back to the checked address. The scheme is always ws: for
     * wss the socket factory speaks TLS below Paho's plain WebSocket module.
     */
    private static String webSocketUri(String host, String literal, int port) {
        String name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        try {
            URI uri = new URI("ws://" + name + ":" + port + "/");
            if (uri.getHost() != null) {
                return uri.toString();
            }
        } catch (URISyntaxException e) {
            // falls back to the address
        }
        return "ws://" + literal + ":" + port + "/";
    }

    /** Whether the WebSocket upgrade failed because the far end is not a WebSocket server (Paho's words). */
    private static boolean notWebSocket(MqttException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("WebSocket Response header")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the far end hung up (reset, end of stream) rather than refusing the TCP connection. */
    private static boolean hungUp(MqttException e) {
        if (e.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return false;
            }
            if (t instanceof java.io.EOFException
                    || (t instanceof java.net.SocketException
                            && String.valueOf(t.getMessage()).contains("reset"))) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress resolve(NetworkPolicy policy, String host, int port) {
        try {
            return policy.resolve(host, port).getFirst();
        } catch (NetworkRefusedException e) {
            throw e.by("MQTT", -1);
        } catch (UnknownHostException e) {
            throw NodeException.operational("The host '" + host + "' could not be resolved", null);
        }
    }

    /** The broker's answer in mqtt.js's words where there is one, else the client's reason. */
    static String reason(MqttException e) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "Connection refused: Bad username or password";
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> "Connection refused: Not authorized";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "Connection refused: Identifier rejected";
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "Connection refused: Server unavailable";
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "no MQTT answer in time (is it an MQTT broker?)";
            default -> {
                Throwable cause = e.getCause();
                String why = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
                yield why == null ? "reason code " + e.getReasonCode() : why;
            }
        };
    }

    static void close(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(5_000);
            }
        } catch (MqttException e) {
            // the messages were acknowledged already; a failing DISCONNECT loses nothing
        } finally {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000);
                }
                client.close(true);
            } catch (MqttException e) {
                // nothing left to release
            }
        }
    }
}
