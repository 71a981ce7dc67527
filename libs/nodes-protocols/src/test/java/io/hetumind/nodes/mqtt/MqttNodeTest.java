package io.hetumind.nodes.mqtt;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MQTT node against an embedded Moquette broker that wants user bob, password pw-123. */
class MqttNodeTest {

    private static TestBroker broker;
    private static int port;

    /** A broker per test: no retained message, session or stalled flow of one test reaches the next. */
    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
        port = broker.port;
    }

    @AfterEach
    void stop() {
        broker.stop();
    }

    private static ObjectNode cred(String password) {
        return json("{'protocol':'mqtt','host':'127.0.0.1','username':'bob','clean':true}")
                .put("port", port)
                .put("password", password);
    }

    private static ProtocolHarness node(ObjectNode cred) {
        return new ProtocolHarness(new MqttNode()).credential("mqtt", cred);
    }

    /** A subscriber on {@code topic} that collects the payloads it receives. */
    private static BlockingQueue<String> subscribe(String topic, List<MqttClient> keep) throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        for (int attempt = 1; ; attempt++) {
            MqttClient c =
                    new MqttClient("tcp://127.0.0.1:" + port, "sub-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("bob");
            o.setPassword("pw-123".toCharArray());
            c.connect(o);
            try {
                c.subscribe(topic, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
                keep.add(c);
                return got;
            } catch (MqttException e) {
                // Moquette 0.17 now and then drops a session that subscribes right after its CONNACK (README)
                c.close(true);
                if (attempt == 3 || e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
            }
        }
    }

    private static void close(List<MqttClient> clients) throws Exception {
        for (MqttClient c : clients) {
            c.disconnect();
            c.close();
        }
    }

    @Test
    void descriptorAndCredentialPassTheRegistryChecks() {
        NodeRegistry nodes = NodeRegistry.of(List.of(new MqttNode()));
        assertThat(nodes.find("n8n-nodes-base.mqtt")).isPresent();
        assertThat(CredentialRegistry.of(List.of(new MqttCredential())).checkNodes(nodes))
                .isEmpty();
    }

    @Test
    void publishesEachItemsJsonAndPassesTheItemsThrough() throws Exception {
        List<MqttClient> subs = new java.util.ArrayList<>();
        BlockingQueue<String> got = subscribe("sensors/one", subs);
        List<Item> input = List.of(Item.of(json("{'t':21.5,'name':'kitchen'}")), Item.of(json("{'t':19}")));
        ExecutionResult r = node(cred("pw-123")).run(1, json("{'topic':'sensors/one','options':{'qos':1}}"), input);
        assertThat(output(r).stream().map(Item::json).toList())
                .containsExactly(json("{'t':21.5,'name':'kitchen'}"), json("{'t':19}"));
        assertThat(Json.parse(got.poll(5, TimeUnit.SECONDS))).isEqualTo(json("{'t':21.5,'name':'kitchen'}"));
        assertThat(Json.parse(got.poll(5, TimeUnit.SECONDS))).isEqualTo(json("{'t':19}"));
        close(subs);
    }

    @Test
    void aRetainedMessageReachesALaterSubscriber() throws Exception {
        ExecutionResult r = node(cred("pw-123"))
                .run(
                        1,
                        json("{'topic':'status/door','sendInputData':false,'message':'={{ \\'open-\\' + 2 }}',"
                                + "'options':{'qos':2,'retain':true}}"),
                        null);
        output(r);
        List<MqttClient> subs = new java.util.ArrayList<>();
        assertThat(subscribe("status/door", subs).poll(5, TimeUnit.SECONDS)).isEqualTo("open-2");
        close(subs);
    }

    @Test
    void badCredentialsFailWithTheBrokersAnswerAndNoSecret() {
        String message = error(node(cred("not-the-password")).run(1, json("{'topic':'a/b'}"), null));
        assertThat(message)
                .contains("could not connect to the MQTT broker at 127.0.0.1:" + port)
                .containsAnyOf("Bad username or password", "Not authorized")
                .doesNotContain("not-the-password");
    }

    @Test
    void anUnreachableBrokerIsAClearError() throws Exception {
        ObjectNode c = cred("pw-123").put("port", TestBroker.freePort());
        assertThat(error(node(c).run(1, json("{'topic':'a/b'}"), null)))
                .contains("could not connect to the MQTT broker at 127.0.0.1:"
                        + c.get("port").asInt());
    }

    @Test
    void aServerThatDoesNotSpeakMqttIsAClearError() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = fake.accept()) {
                    s.getOutputStream()
                            .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                    .getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                } catch (Exception e) {
                    // the test reads the node's error
                }
            });
            ObjectNode c = cred("pw-123").put("port", fake.getLocalPort());
            ExecutionResult r = new ProtocolHarness(new MqttNode(2_000))
                    .credential("mqtt", c)
                    .run(1, json("{'topic':'a/b'}"), null);
            assertThat(error(r))
                    .startsWith("could not connect to the MQTT broker at 127.0.0.1:" + fake.getLocalPort() + ": ");
            t.join(2_000);
        }
    }

    @Test
    void malformedTopicsAndMissingCredentialsAreUserErrors() {
        List<Item> two = List.of(Item.of(json("{'topic':'ok/1'}")), Item.of(json("{'topic':'bad/#'}")));
        assertThat(error(node(cred("pw-123")).run(1, json("{'topic':'={{ $json.topic }}'}"), two)))
                .contains("'bad/#' cannot be published to")
                .contains("[item 1]");
        assertThat(error(new ProtocolHarness(new MqttNode()).run(1, json("{'topic':'a/b'}"), null)))
                .contains("credentials of type 'mqtt' are not set");
        assertThat(error(node(cred("pw-123").put("host", "")).run(1, json("{'topic':'a/b'}"), null)))
                .contains("'host' is empty");
    }

    @Test
    void theNetworkPolicyRefusesTheBrokerBeforeConnecting() throws Exception {
        List<MqttClient> subs = new java.util.ArrayList<>();
        BlockingQueue<String> got = subscribe("policy/t", subs);
        ExecutionResult r = node(cred("pw-123"))
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(1, json("{'topic':'policy/t'}"), null);
        assertThat(error(r)).startsWith("MQTT refused to connect to 127.0.0.1");
        assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
        close(subs);
    }
}
