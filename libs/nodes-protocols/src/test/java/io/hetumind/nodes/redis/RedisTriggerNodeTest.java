package io.hetumind.nodes.redis;

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
import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.protocols.TcpRelay;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The Redis Trigger listening on the machine's Redis (127.0.0.1:6379, no password) through a recording {@code
 * ListenContext}; each test publishes on channels under its own prefix.
 */
class RedisTriggerNodeTest {

    private String ch;
    private Jedis publisher;

    @BeforeAll
    static void server() {
        Servers.require("Redis", 6379);
    }

    @BeforeEach
    void open() {
        ch = "hm-trigger-" + Long.toString(System.nanoTime(), 36) + ".";
        publisher = new Jedis("127.0.0.1", 6379);
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    private static ObjectNode cred(int port) {
        return json("{'host':'127.0.0.1','database':9,'password':''}").put("port", port);
    }

    private static TriggerParams params(ObjectNode json) {
        return new TriggerParams(Node.of("Redis Trigger", RedisTriggerNode.TYPE, 1, json));
    }

    /** A host that records what it is handed; refuses emits while {@code refuse} is positive. */
    static final class Host implements ListenContext {
        final ObjectNode cred;
        final NetworkPolicy policy;
        final BlockingQueue<List<Item>> emitted = new LinkedBlockingQueue<>();
        final BlockingQueue<String> broken = new LinkedBlockingQueue<>();
        final AtomicInteger refuse = new AtomicInteger();

        Host(ObjectNode cred) {
            this(cred, NetworkPolicy.allowAll());
        }

        Host(ObjectNode cred, NetworkPolicy policy) {
            this.cred = cred;
            this.policy = policy;
        }

        @Override
        public String workflowId() {
            return "wf-redis";
        }

        @Override
        public ZoneId zone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Optional<ObjectNode> credentials(String credentialType) {
            return "redis".equals(credentialType) ? Optional.ofNullable(cred) : Optional.empty();
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            return type == NetworkPolicy.class ? Optional.of(type.cast(policy)) : Optional.empty();
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
        public void broken(String reason, Throwable cause) {
            broken.add(reason);
        }
    }

    private ObjectNode next(Host host) throws InterruptedException {
        List<Item> items = host.emitted.poll(10, TimeUnit.SECONDS);
        assertThat(items).as("an emit").isNotNull().hasSize(1);
        return items.getFirst().json();
    }

    @Test
    void descriptorIsAListeningTriggerOnTheRedisCredential() {
        NodeRegistry nodes = NodeRegistry.of(List.of(new RedisTriggerNode()));
        assertThat(nodes.find("n8n-nodes-base.redisTrigger")).isPresent();
        assertThat(new RedisTriggerNode().triggerKind()).isEqualTo(TriggerKind.LISTEN);
        assertThat(new RedisTriggerNode().descriptor().triggerSpec().kind()).isEqualTo(TriggerKind.LISTEN);
        assertThat(CredentialRegistry.of(List.of(new RedisCredential())).checkNodes(nodes))
                .isEmpty();
    }

    @Test
    void channelsAreCommaSeparatedPatternsAndNoneIsRefusedByName() {
        var node = new RedisTriggerNode();
        assertThat(node.target(params(json("{'channels':'news, sensors.*,,news'}"))))
                .isEqualTo("Redis channels news, sensors.*");
        assertThatThrownBy(() -> node.target(params(json("{'channels':' , '}"))))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("Redis Trigger")
                .hasMessageContaining("Channels are mandatory");
    }

    @Test
    void eachMessageOnAChannelOrPatternIsOneEmitWithChannelAndMessage() throws Exception {
        Host host = new Host(cred(6379));
        ObjectNode p = json("{}").put("channels", ch + "exact," + ch + "sensors.*");
        try (AutoCloseable l = new RedisTriggerNode().listen(params(p), host)) {
            publisher.publish(ch + "exact", "hello");
            publisher.publish(ch + "sensors.kitchen", "{\"t\":21.5}");
            publisher.publish(ch + "other", "not mine");
            assertThat(next(host)).isEqualTo(json("{'message':'hello'}").put("channel", ch + "exact"));
            assertThat(next(host))
                    .as("not parsed without jsonParseBody")
                    .isEqualTo(json("{}").put("channel", ch + "sensors.kitchen").put("message", "{\"t\":21.5}"));
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
        assertThat(host.broken).as("closing is not a broken connection").isEmpty();
        publisher.publish(ch + "exact", "after close");
        assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void jsonParseBodyParsesWhatIsJsonAndOnlyMessageLeavesTheChannelOut() throws Exception {
        Host host = new Host(cred(6379));
        ObjectNode p =
                json("{'options':{'jsonParseBody':true,'onlyMessage':true}}").put("channels", ch + "*");
        try (AutoCloseable l = new RedisTriggerNode().listen(params(p), host)) {
            publisher.publish(ch + "a", "{\"a\":[1,2]}");
            publisher.publish(ch + "a", "{oops");
            publisher.publish(ch + "a", "42");
            assertThat(next(host)).isEqualTo(json("{'message':{'a':[1,2]}}"));
            assertThat(next(host)).isEqualTo(json("{'message':'{oops'}"));
            assertThat(next(host)).isEqualTo(json("{'message':42}"));
        }
    }

    @Test
    void aMessageTheHostRefusedIsLostAndTheNextOneStillComes() throws Exception {
        Host host = new Host(cred(6379));
        host.refuse.set(1);
        try (AutoCloseable l = new RedisTriggerNode().listen(params(json("{}").put("channels", ch + "q")), host)) {
            publisher.publish(ch + "q", "first");
            publisher.publish(ch + "q", "second");
            assertThat(next(host).path("message").asText()).isEqualTo("second");
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
        assertThat(host.broken).isEmpty();
    }

    @Test
    void aRefusedLoginIsAUserErrorWithoutThePassword() {
        Host host = new Host(cred(6379).put("user", "nobody").put("password", "s3cret-Pa55word"));
        assertThatThrownBy(() -> new RedisTriggerNode().listen(params(json("{}").put("channels", ch + "x")), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageStartingWith("could not connect to Redis at 127.0.0.1:6379: ")
                .hasMessageNotContaining("s3cret-Pa55word");
        Host none = new Host(null);
        assertThatThrownBy(() -> new RedisTriggerNode().listen(params(json("{}").put("channels", ch + "x")), none))
                .hasMessageContaining("credentials of type 'redis' are not set");
    }

    @Test
    void anUnreachableServerIsAnOperationalErrorNamingHostAndPort() {
        int closed = Servers.freePort();
        Host host = new Host(cred(closed));
        assertThatThrownBy(() -> new RedisTriggerNode().listen(params(json("{}").put("channels", ch + "x")), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OPERATIONAL))
                .hasMessage("could not connect to Redis at 127.0.0.1:" + closed + ": Connection refused");
    }

    @Test
    void theNetworkPolicyIsAsked() {
        Host host = new Host(cred(6379), NetworkPolicy.builder().build());
        assertThatThrownBy(() -> new RedisTriggerNode().listen(params(json("{}").put("channels", ch + "x")), host))
                .isInstanceOf(NodeException.class)
                .hasMessageStartingWith("Redis refused to connect to 127.0.0.1");
    }

    @Test
    void aDroppedConnectionIsReportedToTheHost() throws Exception {
        try (TcpRelay relay = TcpRelay.to(6379)) {
            Host host = new Host(cred(relay.port()));
            try (AutoCloseable l =
                    new RedisTriggerNode().listen(params(json("{}").put("channels", ch + "cut")), host)) {
                publisher.publish(ch + "cut", "before");
                assertThat(next(host).path("message").asText()).isEqualTo("before");
                relay.cut();
                String reason = host.broken.poll(10, TimeUnit.SECONDS);
                assertThat(reason).startsWith("connection to Redis at 127.0.0.1:" + relay.port() + " lost: ");
                assertThat(host.broken.poll(500, TimeUnit.MILLISECONDS))
                        .as("reported once")
                        .isNull();
            }
        }
    }

    @Test
    void aConnectionThatStopsAnsweringIsReportedAfterTwoPingIntervals() throws Exception {
        try (TcpRelay relay = TcpRelay.to(6379)) {
            Host host = new Host(cred(relay.port()));
            try (AutoCloseable l =
                    new RedisTriggerNode(500).listen(params(json("{}").put("channels", ch + "quiet")), host)) {
                Thread.sleep(1_500);
                assertThat(host.broken)
                        .as("a quiet but answering connection is fine")
                        .isEmpty();
                relay.freeze();
                String reason = host.broken.poll(10, TimeUnit.SECONDS);
                assertThat(reason)
                        .startsWith("connection to Redis at 127.0.0.1:" + relay.port() + " lost: no answer to PING");
                long t0 = System.nanoTime();
                l.close();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                        .isLessThan(8_000);
            }
        }
    }
}
