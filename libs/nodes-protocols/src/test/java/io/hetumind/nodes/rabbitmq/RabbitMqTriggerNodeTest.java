package io.hetumind.nodes.rabbitmq;

import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.protocols.TcpRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ Trigger consuming from the machine's broker (127.0.0.1:5672, guest/guest) through a recording host. */
class RabbitMqTriggerNodeTest {

    private String q;
    private Connection amqp;
    private Channel ch;

    @BeforeAll
    static void server() {
        Servers.require("RabbitMQ", 5672);
    }

    @BeforeEach
    void open() throws Exception {
        q = "hm-trig-" + Long.toString(System.nanoTime(), 36);
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        amqp = f.newConnection();
        ch = amqp.createChannel();
        ch.queueDeclare(q, false, false, false, null);
    }

    @AfterEach
    void close() throws Exception {
        ch.queueDelete(q);
        ch.queueDelete(q + "-dead");
        ch.exchangeDelete(q + "-x");
        amqp.close();
    }

    private static ObjectNode cred(String password, int port) {
        return json("{'hostname':'127.0.0.1','username':'guest','vhost':'/'}")
                .put("port", port)
                .put("password", password);
    }

    private TriggerParams params(String json) {
        return new TriggerParams(Node.of("Orders", RabbitMqTriggerNode.TYPE, 1, json(json.replace("@q", q))));
    }

    /**
     * A host that records what it is handed. With {@code follow} it hands back, per emit, a stage the test completes
     * (the execution's end); without, it is a host that cannot follow executions. Refuses while {@code refuse} > 0.
     */
    static final class Host implements ListenContext {
        final ObjectNode cred;
        final boolean follow;
        final BlockingQueue<List<Item>> emitted = new LinkedBlockingQueue<>();
        final BlockingQueue<CompletableFuture<ExecutionEnd>> running = new LinkedBlockingQueue<>();
        final BlockingQueue<String> broken = new LinkedBlockingQueue<>();
        final AtomicInteger refuse = new AtomicInteger();
        BinaryStore binaries;
        /** When set, each emit waits for it after recording (a host still taking the message). */
        volatile java.util.concurrent.CountDownLatch hold;

        Host(ObjectNode cred, boolean follow) {
            this.cred = cred;
            this.follow = follow;
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
            return "rabbitmq".equals(credentialType) ? Optional.ofNullable(cred) : Optional.empty();
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            if (type == NetworkPolicy.class) {
                return Optional.of(type.cast(NetworkPolicy.allowAll()));
            }
            return type == BinaryStore.class ? Optional.ofNullable(binaries).map(type::cast) : Optional.empty();
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
            if (hold != null) {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public Optional<CompletionStage<ExecutionEnd>> emitAndFollow(List<Item> items) throws EmitRefusedException {
            emit(items);
            if (!follow) {
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

        ObjectNode next() throws InterruptedException {
            List<Item> items = emitted.poll(10, TimeUnit.SECONDS);
            assertThat(items).as("an emitted message").isNotNull().hasSize(1);
            // as the execution stores it (a long and an int of the same value are then the same number)
            return (ObjectNode) Json.parse(Json.write(items.getFirst().json()));
        }
    }

    private Host host() {
        return new Host(cred("guest", 5672), false);
    }

    private void publish(String body) throws Exception {
        ch.basicPublish("", q, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private int waiting(String queue) throws Exception {
        return ch.queueDeclarePassive(queue).getMessageCount();
    }

    /** The queue's ready message count once it settles (acks and requeues reach the broker asynchronously). */
    private int settled(String queue, int expected) throws Exception {
        int n = -1;
        for (int i = 0; i < 100 && n != expected; i++) {
            Thread.sleep(50);
            n = waiting(queue);
        }
        return n;
    }

    @Test
    void descriptorIsAListeningTriggerFoundByTheServiceLoader() {
        assertThat(NodeRegistry.load().find("n8n-nodes-base.rabbitmqTrigger")).isPresent();
        NodeRegistry nodes = NodeRegistry.of(List.of(new RabbitMqTriggerNode()));
        assertThat(new RabbitMqTriggerNode().triggerKind()).isEqualTo(TriggerKind.LISTEN);
        assertThat(new RabbitMqTriggerNode().descriptor().triggerSpec().kind()).isEqualTo(TriggerKind.LISTEN);
        assertThat(CredentialRegistry.of(List.of(new RabbitMqCredential())).checkNodes(nodes))
                .isEmpty();
    }

    @Test
    void parametersAreReadAsN8nDoesAndBadOnesAreRefusedByName() {
        var node = new RabbitMqTriggerNode();
        assertThat(node.target(params("{'queue':'@q'}"))).isEqualTo("RabbitMQ queue " + q);
        assertThat(node.target(params("{'queue':'','options':{'assertQueue':true}}")))
                .isEqualTo("RabbitMQ queue (named by the broker)");
        assertThatThrownBy(() -> node.target(params("{'queue':''}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("Orders")
                .hasMessageContaining("Queue / Topic is mandatory");
        for (String bad : List.of("0", "-2", "1.5")) {
            assertThatThrownBy(() -> node.target(params("{'queue':'@q','options':{'parallelMessages':" + bad + "}}")))
                    .as(bad)
                    .isInstanceOf(TriggerConfigException.class)
                    .hasMessageContaining(
                            "Parallel message processing limit must be a number greater than zero (or -1 for no"
                                    + " limit)");
        }
        assertThatThrownBy(() -> node.target(params("{'queue':'@q','options':{'acknowledge':'never'}}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("'never' is not one of immediately");
        assertThatThrownBy(() -> node.target(params("{'queue':'={{ $json.q }}'}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("cannot be an expression");
        // as n8n: a parallel limit turns "immediately" into "after the execution"
        assertThat(TriggerSettings.read(params("{'queue':'@q','options':{'parallelMessages':3}}"))
                        .ack())
                .isEqualTo(TriggerSettings.Ack.EXECUTION_FINISHES);
    }

    @Test
    void eachMessageIsOneItemInAmqplibsShapeAndIsAcknowledgedOnAcceptance() throws Exception {
        Host host = host();
        try (AutoCloseable l = new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host)) {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .contentType("text/plain")
                    .headers(Map.of("x-who", "ann", "x-n", 7))
                    .deliveryMode(2)
                    .messageId("m-1")
                    .timestamp(new Date(1_700_000_000_000L))
                    .build();
            ch.basicPublish("", q, props, "hello".getBytes(StandardCharsets.UTF_8));
            publish("{\"a\":1}");
            ObjectNode first = host.next();
            assertThat(first.path("fields").path("consumerTag").asText()).startsWith("amq.ctag-");
            first.withObject("fields").remove("consumerTag");
            assertThat(first)
                    .isEqualTo(json("{'fields':{'deliveryTag':1,'redelivered':false,'exchange':'','routingKey':'" + q
                            + "'},'properties':{'contentType':'text/plain','headers':{'x-who':'ann','x-n':7},"
                            + "'deliveryMode':2,'messageId':'m-1','timestamp':1700000000},'content':'hello'}"));
            ObjectNode second = host.next();
            assertThat(second.path("properties")).isEqualTo(json("{}"));
            assertThat(second.path("content").asText())
                    .as("not parsed by default")
                    .isEqualTo("{\"a\":1}");
            assertThat(settled(q, 0)).isZero();
        }
        assertThat(waiting(q)).as("both were acknowledged").isZero();
        assertThat(host.broken).as("closing is not a broken connection").isEmpty();
    }

    @Test
    void aMessageTakenAsTheListenerClosesIsAcknowledgedAndNotDeliveredAgain() throws Exception {
        Host host = host();
        host.hold = new java.util.concurrent.CountDownLatch(1);
        AutoCloseable listener = new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host);
        publish("once");
        assertThat(host.next().path("content").asText()).isEqualTo("once");
        listener.close(); // the message is taken, its acknowledgement not sent yet
        host.hold.countDown();
        assertThat(settled(q, 0))
                .as("acknowledged once taken, not put back for another run")
                .isZero();
        Host next = host();
        try (AutoCloseable again = new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), next)) {
            assertThat(next.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void jsonParseBodyAndOnlyContentAndAMalformedBodyIsRejectedToTheDeadLetterQueue() throws Exception {
        ch.queueDelete(q);
        ch.queueDeclare(q + "-dead", false, false, false, null);
        ch.queueDeclare(
                q, false, false, false, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", q + "-dead"));
        Host host = host();
        try (AutoCloseable l =
                new RabbitMqTriggerNode().listen(params("{'queue':'@q','options':{'jsonParseBody':true}}"), host)) {
            publish("{\"t\":21.5,\"tags\":[\"a\"]}");
            publish("{oops");
            publish("[1,2]");
            assertThat(host.next().path("content")).isEqualTo(json("{'t':21.5,'tags':['a']}"));
            assertThat(host.next().path("content")).isEqualTo(Json.parse("[1,2]"));
            assertThat(host.emitted.poll(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(settled(q + "-dead", 1))
                    .as("the malformed one, rejected")
                    .isEqualTo(1);
            GetResponse dead = ch.basicGet(q + "-dead", true);
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{oops");
        }
        try (AutoCloseable l = new RabbitMqTriggerNode()
                .listen(params("{'queue':'@q','options':{'jsonParseBody':true,'onlyContent':true}}"), host)) {
            publish("{\"a\":[1,2]}");
            publish("42");
            assertThat(host.next()).isEqualTo(json("{'a':[1,2]}"));
            assertThat(host.next()).isEqualTo(json("{'content':42}"));
        }
        try (AutoCloseable l =
                new RabbitMqTriggerNode().listen(params("{'queue':'@q','options':{'onlyContent':true}}"), host)) {
            publish("plain");
            assertThat(host.next()).isEqualTo(json("{'content':'plain'}"));
        }
    }

    @Test
    void contentIsBinaryStoresTheBodyAsDataAndLeavesContentOut() throws Exception {
        Host host = host();
        assertThatThrownBy(() -> new RabbitMqTriggerNode()
                        .listen(params("{'queue':'@q','options':{'contentIsBinary':true}}"), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageContaining("'Content Is Binary' needs a binary store");
        host.binaries = ProtocolHarness.STORE;
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        try (AutoCloseable l = new RabbitMqTriggerNode()
                .listen(params("{'queue':'@q','options':{'contentIsBinary':true,'jsonParseBody':true}}"), host)) {
            ch.basicPublish("", q, null, png);
            publish("some text");
            List<Item> first = host.emitted.poll(10, TimeUnit.SECONDS);
            assertThat(first.getFirst().json().has("content")).isFalse();
            assertThat(first.getFirst().json().path("fields").path("routingKey").asText())
                    .isEqualTo(q);
            var ref = first.getFirst().binary().get("data");
            assertThat(ref.mimeType()).isEqualTo("image/png");
            assertThat(ref.fileName()).isEqualTo("file.png");
            assertThat(ProtocolHarness.bytes(ref)).isEqualTo(png);
            var text =
                    host.emitted.poll(10, TimeUnit.SECONDS).getFirst().binary().get("data");
            assertThat(text.mimeType()).isEqualTo("text/plain");
            assertThat(ProtocolHarness.bytes(text)).isEqualTo("some text".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void afterASuccessfulExecutionTheMessageIsRemovedAndAfterAFailedOneItComesBack() throws Exception {
        Host host = new Host(cred("guest", 5672), true);
        try (AutoCloseable l = new RabbitMqTriggerNode()
                .listen(params("{'queue':'@q','options':{'acknowledge':'executionFinishesSuccessfully'}}"), host)) {
            publish("job-1");
            assertThat(host.next().path("fields").path("redelivered").asBoolean())
                    .isFalse();
            CompletableFuture<ListenContext.ExecutionEnd> run = host.running.take();
            run.complete(new ListenContext.ExecutionEnd(false, "boom"));
            ObjectNode again = host.next();
            assertThat(again.path("content").asText()).isEqualTo("job-1");
            assertThat(again.path("fields").path("redelivered").asBoolean())
                    .as("put back after the failed execution")
                    .isTrue();
            host.running.take().complete(new ListenContext.ExecutionEnd(true, null));
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
        assertThat(settled(q, 0)).as("removed after the successful one").isZero();
    }

    @Test
    void executionFinishesRemovesTheMessageEvenWhenTheExecutionFailed() throws Exception {
        Host host = new Host(cred("guest", 5672), true);
        try (AutoCloseable l = new RabbitMqTriggerNode()
                .listen(params("{'queue':'@q','options':{'acknowledge':'executionFinishes'}}"), host)) {
            publish("job-1");
            host.next();
            host.running.take().complete(new ListenContext.ExecutionEnd(false, "boom"));
            assertThat(host.emitted.poll(700, TimeUnit.MILLISECONDS))
                    .as("not delivered again")
                    .isNull();
        }
        assertThat(waiting(q)).isZero();
    }

    @Test
    void aHostThatCannotFollowExecutionsGetsMessagesAcknowledgedOnAcceptance() throws Exception {
        Host host = host();
        try (AutoCloseable l = new RabbitMqTriggerNode()
                .listen(params("{'queue':'@q','options':{'acknowledge':'executionFinishesSuccessfully'}}"), host)) {
            publish("job-1");
            host.next();
        }
        assertThat(settled(q, 0)).isZero();
    }

    @Test
    void theParallelLimitIsThePrefetchSoOnlyThatManyExecutionsRunAtATime() throws Exception {
        Host host = new Host(cred("guest", 5672), true);
        try (AutoCloseable l =
                new RabbitMqTriggerNode().listen(params("{'queue':'@q','options':{'parallelMessages':2}}"), host)) {
            for (int i = 1; i <= 5; i++) {
                publish("job-" + i);
            }
            assertThat(host.next().path("content").asText()).isEqualTo("job-1");
            assertThat(host.next().path("content").asText()).isEqualTo("job-2");
            assertThat(host.emitted.poll(700, TimeUnit.MILLISECONDS))
                    .as("a third waits for a running one")
                    .isNull();
            assertThat(waiting(q)).isEqualTo(3);
            host.running.take().complete(new ListenContext.ExecutionEnd(true, null));
            assertThat(host.next().path("content").asText()).isEqualTo("job-3");
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
            for (int i = 0; i < 4; i++) {
                host.running.take().complete(new ListenContext.ExecutionEnd(true, null));
            }
            assertThat(host.next().path("content").asText()).isEqualTo("job-4");
            assertThat(host.next().path("content").asText()).isEqualTo("job-5");
        }
    }

    @Test
    void aMessageTheHostRefusedStaysInTheQueueAndComesAgainOnTheNextConnection() throws Exception {
        Host host = host();
        host.refuse.set(1);
        try (AutoCloseable l = new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host)) {
            publish("job-1");
            Thread.sleep(700);
            assertThat(host.emitted).isEmpty();
        }
        try (AutoCloseable l = new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host)) {
            ObjectNode got = host.next();
            assertThat(got.path("content").asText()).isEqualTo("job-1");
            assertThat(got.path("fields").path("redelivered").asBoolean()).isTrue();
        }
    }

    @Test
    void assertQueueDeclaresItWithItsArgumentsAndBindsItToTheExchanges() throws Exception {
        ch.queueDelete(q);
        ch.exchangeDeclare(q + "-x", "direct", false, true, null);
        Host host = host();
        try (AutoCloseable l = new RabbitMqTriggerNode()
                .listen(
                        params("{'queue':'@q','options':{'assertQueue':true,'durable':false,"
                                + "'arguments':{'argument':[{'key':'x-max-length','value':'10'}]},"
                                + "'binding':{'bindings':[{'exchange':'@q-x','routingKey':'orders.new'}]}}}"),
                        host)) {
            ch.basicPublish(q + "-x", "orders.new", null, "o-1".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish(q + "-x", "orders.old", null, "o-0".getBytes(StandardCharsets.UTF_8));
            ObjectNode got = host.next();
            assertThat(got.path("fields").path("exchange").asText()).isEqualTo(q + "-x");
            assertThat(got.path("fields").path("routingKey").asText()).isEqualTo("orders.new");
            assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
        assertThatThrownBy(() -> ch.queueDeclare(q, false, false, false, null))
                .as("declared with x-max-length, so a declare without it is refused")
                .hasStackTraceContaining("PRECONDITION_FAILED");
        ch = amqp.createChannel(); // the refusal closed the old one
    }

    @Test
    void aMissingQueueOrExchangeIsAUserErrorWithTheBrokersWords() {
        assertThatThrownBy(() -> new RabbitMqTriggerNode().listen(params("{'queue':'@q-missing'}"), host()))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageContaining("RabbitMQ at 127.0.0.1:5672")
                .hasMessageContaining("NOT_FOUND - no queue '" + q + "-missing'");
        assertThatThrownBy(() -> new RabbitMqTriggerNode()
                        .listen(
                                params("{'queue':'@q','options':{'binding':{'bindings':[{'exchange':'@q-nope',"
                                        + "'routingKey':'k'}]}}}"),
                                host()))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageContaining("NOT_FOUND - no exchange '" + q + "-nope'");
    }

    @Test
    void aRefusedCredentialIsAUserErrorWithoutThePassword() {
        Host host = new Host(cred("wrong-secret-9", 5672), false);
        assertThatThrownBy(() -> new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageContaining("could not connect to RabbitMQ at 127.0.0.1:5672")
                .hasMessageContaining("ACCESS_REFUSED")
                .hasMessageNotContaining("wrong-secret-9");
    }

    @Test
    void anUnreachableBrokerIsAnOperationalErrorNamingHostAndPort() {
        int closed = Servers.freePort();
        Host host = new Host(cred("guest", closed), false);
        assertThatThrownBy(() -> new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OPERATIONAL))
                .hasMessageContaining("could not connect to RabbitMQ at 127.0.0.1:" + closed)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void closingStopsConsumingAndWaitsForRunningExecutionsBeforeDisconnecting() throws Exception {
        Host host = new Host(cred("guest", 5672), true);
        AutoCloseable l = new RabbitMqTriggerNode(Duration.ofSeconds(20))
                .listen(params("{'queue':'@q','options':{'acknowledge':'executionFinishes'}}"), host);
        publish("job-1");
        host.next();
        assertThat(ch.queueDeclarePassive(q).getConsumerCount()).isEqualTo(1);
        l.close();
        assertThat(ch.queueDeclarePassive(q).getConsumerCount())
                .as("consumer cancelled")
                .isZero();
        publish("job-2");
        assertThat(host.emitted.poll(500, TimeUnit.MILLISECONDS))
                .as("nothing after close")
                .isNull();
        host.running.take().complete(new ListenContext.ExecutionEnd(true, null));
        Thread.sleep(500);
        assertThat(waiting(q))
                .as("job-1 acknowledged during the drain, job-2 still there")
                .isEqualTo(1);
        assertThat(ch.basicGet(q, true).getEnvelope().isRedeliver())
                .as("job-2 was never delivered")
                .isFalse();
        assertThat(host.broken).isEmpty();
    }

    @Test
    void anExecutionThatOutlastsTheDrainTimeLeavesItsMessageToTheBroker() throws Exception {
        Host host = new Host(cred("guest", 5672), true);
        AutoCloseable l = new RabbitMqTriggerNode(Duration.ofMillis(500))
                .listen(params("{'queue':'@q','options':{'acknowledge':'executionFinishes'}}"), host);
        publish("job-1");
        host.next();
        l.close();
        assertThat(settled(q, 1))
                .as("disconnected after the drain time, so the broker has it again")
                .isEqualTo(1);
        assertThat(ch.basicGet(q, true).getEnvelope().isRedeliver()).isTrue();
        host.running.take().complete(new ListenContext.ExecutionEnd(true, null)); // too late: nothing to answer
    }

    @Test
    void aDeletedQueueIsReportedToTheHostAsBroken() throws Exception {
        Host host = host();
        try (AutoCloseable l = new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host)) {
            ch.queueDelete(q);
            String reason = host.broken.poll(10, TimeUnit.SECONDS);
            assertThat(reason)
                    .isEqualTo(
                            "RabbitMQ at 127.0.0.1:5672 cancelled the consumer of queue '" + q + "' (was it deleted?)");
        }
    }

    @Test
    void aLostConnectionIsReportedToTheHostWithoutThePassword() throws Exception {
        try (TcpRelay relay = TcpRelay.to(5672)) {
            Host host = new Host(cred("guest", relay.port()), false);
            try (AutoCloseable l = new RabbitMqTriggerNode().listen(params("{'queue':'@q'}"), host)) {
                relay.cut();
                String reason = host.broken.poll(10, TimeUnit.SECONDS);
                assertThat(reason).startsWith("connection to RabbitMQ at 127.0.0.1:" + relay.port() + " lost");
                assertThat(reason).doesNotContain("guest");
            }
        }
    }
}
