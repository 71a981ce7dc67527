package io.hetumind.nodes.mqtt;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over WebSocket (n8n's credential protocols ws and wss) for the MQTT node and the MQTT Trigger, against a
 * real mosquitto started by the test with a plain, a WebSocket and a WebSocket-with-TLS listener.
 */
class MqttWebSocketTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Mosquitto broker;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        broker = Mosquitto.start(dir.resolve("mosquitto"), pki);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ObjectNode ws(String host, int port) {
        return json("{'protocol':'ws','username':'bob','clean':true}")
                .put("host", host)
                .put("port", port)
                .put("password", Mosquitto.PASSWORD);
    }

    /** wss with the test CA, user and password (passwordless off: no client certificate). */
    private static ObjectNode wss(String host, int port) {
        return json("{'protocol':'wss','ssl':true,'passwordless':false,'username':'bob','clean':true}")
                .put("host", host)
                .put("port", port)
                .put("password", Mosquitto.PASSWORD)
                .put("ca", pki.caPem());
    }

    private static ExecutionResult publish(ObjectNode cred, String topic, String hello) {
        return new ProtocolHarness(new MqttNode(5_000))
                .credential("mqtt", cred)
                .run(
                        1,
                        json("{'options':{'qos':1}}").put("topic", topic),
                        List.of(Item.of(json("{}").put("hello", hello))));
    }

    private static TriggerParams params(String topics) {
        return new TriggerParams(
                Node.of("MQTT Trigger", MqttTriggerNode.TYPE, 1, json("{}").put("topics", topics)));
    }

    /** The trigger listens through {@code listen}, the node publishes through {@code send}; one message arrives. */
    private static void roundTrip(ObjectNode listen, ObjectNode send, String topic) throws Exception {
        MqttTriggerNodeTest.Host host = new MqttTriggerNodeTest.Host(listen);
        try (AutoCloseable l = new MqttTriggerNode(5_000).listen(params(topic + ":1"), host)) {
            assertThat(output(publish(send, topic, topic))).hasSize(1);
            List<Item> items = host.emitted.poll(10, TimeUnit.SECONDS);
            assertThat(items).as("the trigger got the message").isNotNull();
            assertThat(items.getFirst().json())
                    .isEqualTo(json("{}")
                            .put("message", "{\"hello\":\"" + topic + "\"}")
                            .put("topic", topic));
        }
        assertThat(host.broken).isEmpty();
    }

    @Test
    void theNodePublishesAndTheTriggerListensOverWs() throws Exception {
        roundTrip(ws("127.0.0.1", broker.wsPort()), ws("localhost", broker.wsPort()), "ws/one");
    }

    @Test
    void webSocketAndPlainClientsShareTheBroker() throws Exception {
        ObjectNode plain = ws("127.0.0.1", broker.plainPort()).put("protocol", "mqtt");
        roundTrip(plain, ws("127.0.0.1", broker.wsPort()), "ws/to-plain");
        roundTrip(ws("127.0.0.1", broker.wsPort()), plain, "plain/to-ws");
    }

    @Test
    void wssChecksTheCertificateAgainstTheCredentialsCa() throws Exception {
        roundTrip(wss("localhost", broker.wssPort()), wss("localhost", broker.wssPort()), "wss/one");
        // ssl on turns ws into wss, as mqtts for mqtt
        roundTrip(
                wss("localhost", broker.wssPort()).put("protocol", "ws"),
                wss("localhost", broker.wssPort()),
                "wss/two");
    }

    @Test
    void wssRefusesAnotherCaAndANameTheCertificateDoesNotCarry() throws Exception {
        ObjectNode other = wss("localhost", broker.wssPort()).put("ca", TestPki.otherAuthority(dir.resolve("other")));
        assertThat(error(publish(other, "wss/x", "x")))
                .startsWith("could not connect to the MQTT broker at localhost:" + broker.wssPort()
                        + ": TLS handshake failed: certificate not trusted")
                .doesNotContain(Mosquitto.PASSWORD);
        assertThat(error(publish(wss("127.0.0.1", broker.wssPort()), "wss/x", "x")))
                .isEqualTo("could not connect to the MQTT broker at 127.0.0.1:" + broker.wssPort()
                        + ": TLS handshake failed: host name mismatch: the server's certificate is not issued for"
                        + " '127.0.0.1'");
        // wss without the CA trusts the JVM's roots only
        ObjectNode jvm = wss("localhost", broker.wssPort()).put("ssl", false);
        assertThat(error(publish(jvm, "wss/x", "x"))).contains("certificate not trusted");
    }

    @Test
    void theNetworkPolicysAddressIsDialledForANameOnlyItResolves() throws Exception {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        NetworkPolicy policy = NetworkPolicy.builder()
                .allowEverything()
                .resolver(h -> "broker.hetumind.invalid".equals(h)
                        ? new InetAddress[] {loopback}
                        : InetAddress.getAllByName(h))
                .build();
        ExecutionResult r = new ProtocolHarness(new MqttNode(5_000))
                .credential("mqtt", ws("broker.hetumind.invalid", broker.wsPort()))
                .service(NetworkPolicy.class, policy)
                .run(1, json("{'topic':'pinned/ws'}"), null);
        assertThat(output(r)).hasSize(1);
        NetworkPolicy refusing = NetworkPolicy.builder().build();
        ExecutionResult refused = new ProtocolHarness(new MqttNode(5_000))
                .credential("mqtt", ws("127.0.0.1", broker.wsPort()))
                .service(NetworkPolicy.class, refusing)
                .run(1, json("{'topic':'pinned/ws'}"), null);
        assertThat(error(refused)).startsWith("MQTT refused to connect to 127.0.0.1");
    }

    @Test
    void aBadPasswordIsAUserErrorWithoutThePassword() {
        ExecutionResult r = publish(ws("127.0.0.1", broker.wsPort()).put("password", "wrong-secret-9"), "ws/x", "x");
        assertThat(error(r))
                .isEqualTo("could not connect to the MQTT broker at 127.0.0.1:" + broker.wsPort()
                        + ": Connection refused: Not authorized"); // mosquitto's answer (return code 5) to a
        // bad password
        assertThat(r.state().error().node()).isEqualTo("Node");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.USER);
        MqttTriggerNodeTest.Host host =
                new MqttTriggerNodeTest.Host(wss("localhost", broker.wssPort()).put("password", "wrong-secret-9"));
        assertThatThrownBy(() -> new MqttTriggerNode(5_000).listen(params("ws/x"), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageContaining("localhost:" + broker.wssPort())
                .hasMessageContaining("Connection refused: Not authorized")
                .hasMessageNotContaining("wrong-secret-9");
    }

    @Test
    void anUnreachablePortIsAnOperationalErrorNamingHostAndPort() {
        int closed = Servers.freePort();
        ExecutionResult r = publish(ws("127.0.0.1", closed), "ws/x", "x");
        assertThat(error(r)).startsWith("could not connect to the MQTT broker at 127.0.0.1:" + closed + ": ");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.OPERATIONAL);
        MqttTriggerNodeTest.Host host = new MqttTriggerNodeTest.Host(wss("localhost", closed));
        assertThatThrownBy(() -> new MqttTriggerNode(5_000).listen(params("ws/x"), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OPERATIONAL))
                .hasMessageStartingWith("could not connect to the MQTT broker at localhost:" + closed + ": ");
    }

    @Test
    void aPortThatIsNotAWebSocketListenerIsAClearError() throws Exception {
        // the broker's plain MQTT port hangs up on the upgrade request
        ExecutionResult plain = publish(ws("127.0.0.1", broker.plainPort()), "ws/x", "x");
        assertThat(error(plain))
                .startsWith("could not connect to the MQTT broker at 127.0.0.1:" + broker.plainPort() + ": ")
                .endsWith(" (the server closed the connection at the WebSocket upgrade: a plain MQTT port (choose"
                        + " mqtt) or a TLS one (choose wss)?)");
        assertThat(plain.state().error().node()).isEqualTo("Node");
        assertThat(plain.state().error().kind()).isEqualTo(ErrorKind.OPERATIONAL);
        // an HTTP server that answers without upgrading (a wrong port, or a path that is no WebSocket endpoint)
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.Queue<String> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();
        http.createContext("/", ex -> {
            requests.add(ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Host") + " "
                    + ex.getRequestHeaders().getFirst("Sec-WebSocket-Protocol"));
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        http.start();
        try {
            int port = http.getAddress().getPort();
            assertThat(error(publish(ws("127.0.0.1", port), "ws/x", "x")))
                    .isEqualTo("could not connect to the MQTT broker at 127.0.0.1:" + port + ": WebSocket Response"
                            + " header: Incorrect connection header (port " + port + " is not a WebSocket listener of"
                            + " an MQTT broker: protocol ws needs one; for a plain MQTT port choose mqtt)");
            MqttTriggerNodeTest.Host host = new MqttTriggerNodeTest.Host(ws("127.0.0.1", port));
            assertThatThrownBy(() -> new MqttTriggerNode(5_000).listen(params("ws/x"), host))
                    .isInstanceOf(NodeException.class)
                    .hasMessageContaining("port " + port + " is not a WebSocket listener");
            // as mqtt.js: ws://host:port/ with the name the user wrote in the Host header
            requests.clear();
            error(publish(ws("localhost", port), "ws/x", "x"));
            assertThat(requests).containsExactly("/ localhost:" + port + " mqtt");
        } finally {
            http.stop(0);
        }
        // plain WebSocket against the TLS one, TLS against the plain one, plain MQTT against a WebSocket port
        assertThat(error(publish(ws("localhost", broker.wssPort()), "ws/x", "x")))
                .startsWith("could not connect to the MQTT broker at localhost:" + broker.wssPort() + ": ")
                .endsWith("a TLS one (choose wss)?)");
        assertThat(error(publish(wss("localhost", broker.wsPort()), "ws/x", "x")))
                .isEqualTo("could not connect to the MQTT broker at localhost:" + broker.wsPort()
                        + ": TLS handshake failed: the server does not speak TLS on this port (a plain-text port?"
                        + " turn SSL off)");
        assertThat(error(publish(ws("127.0.0.1", broker.wsPort()).put("protocol", "mqtt"), "ws/x", "x")))
                .isEqualTo("could not connect to the MQTT broker at 127.0.0.1:" + broker.wsPort()
                        + ": Connection lost (the broker closed the connection: a TLS port (turn SSL on) or a"
                        + " WebSocket one (choose ws)?)");
    }
}
