package io.hetumind.nodes.mqtt;

import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MQTT Trigger listening on an embedded Moquette broker that wants user bob, password pw-123. */
class MqttTriggerNodeTest {

    private static TestBroker broker;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        port = broker.port;
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    private static ObjectNode cred(String password, int port) {
        return json("{'protocol':'mqtt','host':'127.0.0.1','username':'bob','clean':true}")
                .put("port", port)
                .put("password", password);
    }

    private static TriggerParams params(String json) {
        return new TriggerParams(Node.of("MQTT Trigger", MqttTriggerNode.TYPE, 1, json(json)));
    }

    /** A host that records what it is handed; refuses emits while {@code refuse} is positive. */
    static final class Host implements ListenContext {
        final ObjectNode cred;
        final BlockingQueue<List<Item>> emitted = new LinkedBlockingQueue<>();
        final BlockingQueue<String> broken = new LinkedBlockingQueue<>();
        final AtomicInteger refuse = new AtomicInteger();
        /** The executions started through emitAndFollow, for the test to end; null: a host that cannot follow. */
        final BlockingQueue<CompletableFuture<ExecutionEnd>> running;

        Host(ObjectNode cred) {
            this(cred, false);
        }

        Host(ObjectNode cred, boolean follows) {
            this.cred = cred;
            this.running = follows ? new LinkedBlockingQueue<>() : null;
        }

        @Override
        public String workflowId() {
            return "wf-1";
        }

        @Override
        public ZoneId zone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Optional<ObjectNode> credentials(String credentialType) {
            return "mqtt".equals(credentialType) ? Optional.ofNullable(cred) : Optional.empty();
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            return type == NetworkPolicy.class ? Optional.of(type.cast(NetworkPolicy.allowAll())) : Optional.empty();
        }

        @Override
        public System.Logger log() {
            return System.getLogger("test");
        }

        @Override
        public void emit(List<Item> items) throws EmitRefusedException {
            if (refuse.getAndDecrement() > 0) {
                throw new EmitRefusedException("queue full", null);
            }
            emitted.add(items);
        }

        @Override
        public Optional<CompletionStage<ExecutionEnd>> emitAndFollow(List<Item> items) throws EmitRefusedException {
            emit(items);
            if (running == null) {
                return Optional.empty();
            }
            CompletableFuture<ExecutionEnd> end = new CompletableFuture<>();
            running.add(end);
            return Optional.of(end);
        }

        @Override
        public void broken(String reason, Throwable cause) {
            broken.add(reason);
        }
    }

    private static MqttConnectOptions publisherLogin() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("bob");
        o.setPassword("pw-123".toCharArray());
        return o;
    }

    private static MqttClient publisher() throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "pub-" + System.nanoTime(), new MemoryPersistence());
        c.connect(publisherLogin());
        return c;
    }

    /**
     * Publishes through the test's own client. On a loaded machine Moquette now and then drops a client (the race the
     * README names): the publisher, which is not what these tests are about, then connects again and sends once more.
     */
    private static void publish(MqttClient c, String topic, String payload, int qos) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        try {
            c.publish(topic, bytes, qos, false);
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            int reason = e.getReasonCode();
            if (reason != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_CONNECTION_LOST
                    && reason != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                throw e;
            }
            if (c.isConnected()) {
                c.disconnectForcibly(1_000);
            }
            c.connect(publisherLogin());
            c.publish(topic, bytes, qos, false);
        }
    }

    @Test
    void descriptorIsAListeningTriggerThatPassesTheRegistryChecks() {
        NodeRegistry nodes = NodeRegistry.of(List.of(new MqttTriggerNode()));
        assertThat(nodes.find("n8n-nodes-base.mqttTrigger")).isPresent();
        assertThat(new MqttTriggerNode().triggerKind()).isEqualTo(TriggerKind.LISTEN);
        assertThat(new MqttTriggerNode().descriptor().triggerSpec().kind()).isEqualTo(TriggerKind.LISTEN);
        assertThat(CredentialRegistry.of(List.of(new MqttCredential())).checkNodes(nodes))
                .isEmpty();
    }

    @Test
    void topicsAreReadAsN8nDoesAndBadOnesAreRefusedByName() {
        var node = new MqttTriggerNode();
        assertThat(node.target(params("{'topics':'a/b, sensors/#:1,x:7'}")))
                .isEqualTo("MQTT topics a/b, sensors/# (QoS 1), x");
        assertThatThrownBy(() -> node.target(params("{'topics':' , '}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("MQTT Trigger")
                .hasMessageContaining("Topics are mandatory");
        assertThatThrownBy(() -> node.target(params("{'topics':'a:high'}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("QoS of 'a' must be 0, 1 or 2, not 'high'");
        assertThatThrownBy(() -> node.target(params("{'topics':'a/#/b'}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("'a/#/b' is not a valid topic filter");
    }

    @Test
    void eachMessageIsOneEmitWithMessageAndTopicAndMalformedJsonStaysText() throws Exception {
        Host host = new Host(cred("pw-123", port));
        MqttClient pub = publisher();
        try (AutoCloseable l = new MqttTriggerNode()
                .listen(params("{'topics':'sensors/#:1','options':{'jsonParseBody':true}}"), host)) {
            publish(pub, "sensors/a", "{\"t\":21.5}", 1);
            publish(pub, "sensors/b", "{oops", 1);
            publish(pub, "other", "not mine", 1);
            List<Item> first = host.emitted.poll(10, TimeUnit.SECONDS);
            List<Item> second = host.emitted.poll(10, TimeUnit.SECONDS);
            assertThat(first).hasSize(1);
            assertThat(first.getFirst().json()).isEqualTo(json("{'message':{'t':21.5},'topic':'sensors/a'}"));
            assertThat(second.getFirst().json()).isEqualTo(json("{'message':'{oops','topic':'sensors/b'}"));
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            pub.disconnect();
            pub.close();
        }
        assertThat(host.broken).as("closing is not a broken connection").isEmpty();
    }

    @Test
    void onlyMessageGivesTheParsedObjectOrTheTextAlone() throws Exception {
        Host host = new Host(cred("pw-123", port));
        MqttClient pub = publisher();
        try (AutoCloseable l = new MqttTriggerNode()
                .listen(params("{'topics':'only','options':{'jsonParseBody':true,'onlyMessage':true}}"), host)) {
            publish(pub, "only", "{\"a\":[1,2]}", 0);
            publish(pub, "only", "plain", 0);
            assertThat(host.emitted.poll(10, TimeUnit.SECONDS).getFirst().json())
                    .isEqualTo(json("{'a':[1,2]}"));
            assertThat(host.emitted.poll(10, TimeUnit.SECONDS).getFirst().json())
                    .isEqualTo(json("{'message':'plain'}"));
        } finally {
            pub.disconnect();
            pub.close();
        }
    }

    @Test
    void aMessageTheHostRefusedIsNotAcknowledgedAndComesAgainOnTheNextSession() throws Exception {
        ObjectNode cred = cred("pw-123", port).put("clean", false).put("clientId", "trigger-redeliver");
        Host host = new Host(cred);
        host.refuse.set(1);
        MqttClient pub = publisher();
        try {
            AutoCloseable l = new MqttTriggerNode().listen(params("{'topics':'jobs:1'}"), host);
            publish(pub, "jobs", "job-1", 1);
            Thread.sleep(1_000);
            assertThat(host.emitted).isEmpty();
            l.close();
            try (AutoCloseable again = new MqttTriggerNode().listen(params("{'topics':'jobs:1'}"), host)) {
                List<Item> got = host.emitted.poll(10, TimeUnit.SECONDS);
                assertThat(got).as("redelivered after the refusal").isNotNull();
                assertThat(got.getFirst().json().path("message").asText()).isEqualTo("job-1");
            }
        } finally {
            pub.disconnect();
            pub.close();
        }
    }

    @Test
    void aRefusedCredentialIsAUserErrorWithoutThePassword() {
        Host host = new Host(cred("wrong-secret-9", port));
        assertThatThrownBy(() -> new MqttTriggerNode().listen(params("{'topics':'a'}"), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("Bad username or password")
                .hasMessageNotContaining("wrong-secret-9");
    }

    @Test
    void anUnreachableBrokerIsAnOperationalErrorNamingHostAndPort() throws Exception {
        int closed = TestBroker.freePort();
        Host host = new Host(cred("pw-123", closed));
        assertThatThrownBy(() -> new MqttTriggerNode(3_000).listen(params("{'topics':'a'}"), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OPERATIONAL))
                .hasMessageContaining("127.0.0.1:" + closed);
    }

    @Test
    void aLostConnectionIsReportedToTheHost() throws Exception {
        int p2 = TestBroker.freePort();
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(p2));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        Server other = new Server();
        other.startServer(new MemoryConfig(p));
        Host host = new Host(cred("pw-123", p2));
        try (AutoCloseable l = new MqttTriggerNode().listen(params("{'topics':'a'}"), host)) {
            other.stopServer();
            String reason = host.broken.poll(10, TimeUnit.SECONDS);
            assertThat(reason).startsWith("connection to the MQTT broker at 127.0.0.1:" + p2 + " lost");
            assertThat(reason).doesNotContain("pw-123");
        }
    }

    @Test
    void aSessionLostWhileSubscribingIsOpenedOnceMoreAndThenListens() throws Exception {
        try (SubscribeCutter relay = SubscribeCutter.to(port, 1)) {
            Host host = new Host(cred("pw-123", relay.port()));
            try (AutoCloseable l = new MqttTriggerNode().listen(params("{'topics':'again'}"), host)) {
                assertThat(relay.sessions.get()).as("the second session").isEqualTo(2);
                MqttClient pub = publisher();
                publish(pub, "again", "hello", 0);
                List<Item> items = host.emitted.poll(10, TimeUnit.SECONDS);
                assertThat(items).isNotNull();
                assertThat(items.getFirst().json().path("message").asText()).isEqualTo("hello");
                pub.disconnect();
                pub.close();
            }
            assertThat(host.broken)
                    .as("the first session's loss is not a broken listener")
                    .isEmpty();
        }
    }

    @Test
    void aSessionLostAgainWhileSubscribingFailsTheListenerNamingTheBroker() throws Exception {
        try (SubscribeCutter relay = SubscribeCutter.to(port, 2)) {
            Host host = new Host(cred("pw-123", relay.port()));
            assertThatThrownBy(() -> new MqttTriggerNode().listen(params("{'topics':'again'}"), host))
                    .isInstanceOf(NodeException.class)
                    .hasMessageStartingWith("subscribing at the MQTT broker at 127.0.0.1:" + relay.port() + " failed: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-123"));
            assertThat(relay.sessions.get()).isEqualTo(2);
            assertThat(host.broken).isEmpty();
        }
    }

    private static String message(List<Item> items) {
        return items.getFirst().json().path("message").asText();
    }

    @Test
    void withoutParallelProcessingEachMessageWaitsForThePreviousExecutionToEnd() throws Exception {
        Host host = new Host(cred("pw-123", port), true);
        MqttClient pub = publisher();
        try (AutoCloseable l = new MqttTriggerNode()
                .listen(params("{'topics':'serial:1','options':{'parallelProcessing':false}}"), host)) {
            for (int i = 1; i <= 4; i++) {
                publish(pub, "serial", "m" + i, i % 2);
            }
            assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("m1");
            CompletableFuture<ListenContext.ExecutionEnd> first = host.running.poll(10, TimeUnit.SECONDS);
            assertThat(host.emitted.poll(1, TimeUnit.SECONDS))
                    .as("m2 waits while m1's execution runs")
                    .isNull();
            first.complete(new ListenContext.ExecutionEnd(true, null));
            assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("m2");
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
            // a failed execution, or one the host lost track of, does not hold up the next message
            host.running.poll(10, TimeUnit.SECONDS).complete(new ListenContext.ExecutionEnd(false, "boom"));
            assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("m3");
            host.running.poll(10, TimeUnit.SECONDS).completeExceptionally(new IllegalStateException("lost"));
            assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("m4");
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            pub.disconnect();
            pub.close();
        }
        assertThat(host.broken).isEmpty();
    }

    @Test
    void withParallelProcessingMessagesDoNotWaitForExecutions() throws Exception {
        Host host = new Host(cred("pw-123", port), true);
        MqttClient pub = publisher();
        try (AutoCloseable l = new MqttTriggerNode()
                .listen(params("{'topics':'parallel:1','options':{'parallelProcessing':true}}"), host)) {
            for (int i = 1; i <= 3; i++) {
                publish(pub, "parallel", "p" + i, 1);
            }
            for (int i = 1; i <= 3; i++) {
                assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("p" + i);
            }
            assertThat(host.running).as("nothing was followed").isEmpty();
        } finally {
            pub.disconnect();
            pub.close();
        }
    }

    @Test
    void aMessageWaitingForItsTurnIsLeftUnacknowledgedWhenTheListenerCloses() throws Exception {
        ObjectNode cred = cred("pw-123", port).put("clean", false).put("clientId", "trigger-in-order");
        Host host = new Host(cred, true);
        MqttClient pub = publisher();
        String params = "{'topics':'queued:1','options':{'parallelProcessing':false}}";
        try {
            AutoCloseable l = new MqttTriggerNode().listen(params(params), host);
            publish(pub, "queued", "q1", 1);
            publish(pub, "queued", "q2", 1);
            assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("q1");
            host.running.poll(10, TimeUnit.SECONDS); // never ends
            long t0 = System.nanoTime();
            l.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                    .as("closing does not wait for the running execution")
                    .isLessThan(8_000);
            assertThat(host.emitted).isEmpty();
            // q1 was acknowledged once taken; q2 never was: the next session gets it
            try (AutoCloseable again = new MqttTriggerNode().listen(params(params), host)) {
                assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("q2");
                assertThat(host.emitted.poll(1, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            pub.disconnect();
            pub.close();
        }
        assertThat(host.broken).isEmpty();
    }

    @Test
    void aHostThatCannotFollowExecutionsStillGetsTheMessagesInOrder() throws Exception {
        Host host = new Host(cred("pw-123", port), false);
        MqttClient pub = publisher();
        try (AutoCloseable l = new MqttTriggerNode()
                .listen(params("{'topics':'unfollowed','options':{'parallelProcessing':false}}"), host)) {
            for (int i = 1; i <= 3; i++) {
                publish(pub, "unfollowed", "u" + i, 0);
            }
            for (int i = 1; i <= 3; i++) {
                assertThat(message(host.emitted.poll(10, TimeUnit.SECONDS))).isEqualTo("u" + i);
            }
        } finally {
            pub.disconnect();
            pub.close();
        }
    }
}
