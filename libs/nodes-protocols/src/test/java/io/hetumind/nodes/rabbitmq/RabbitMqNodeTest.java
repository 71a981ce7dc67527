package io.hetumind.nodes.rabbitmq;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ node against the machine's broker (127.0.0.1:5672, guest/guest). */
class RabbitMqNodeTest {

    private String q;
    private Connection amqp;
    private Channel ch;

    @BeforeAll
    static void server() {
        Servers.require("RabbitMQ", 5672);
    }

    @BeforeEach
    void open() throws Exception {
        q = "hm-" + Long.toString(System.nanoTime(), 36);
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        amqp = f.newConnection();
        ch = amqp.createChannel();
        ch.queueDeclare(q, false, false, true, null);
    }

    @AfterEach
    void close() throws Exception {
        ch.queueDelete(q);
        ch.exchangeDelete(q + "-x");
        amqp.close();
    }

    static ObjectNode cred() {
        return json("{'hostname':'127.0.0.1','port':5672,'username':'guest','password':'guest','vhost':'/'}");
    }

    static ProtocolHarness node() {
        return new ProtocolHarness(new RabbitMqNode()).credential("rabbitmq", cred());
    }

    private String p(String params) {
        return params.replace("Q", q);
    }

    private static List<ObjectNode> jsons(ExecutionResult r) {
        return output(r).stream()
                .map(i -> (ObjectNode) Json.parse(Json.write(i.json())))
                .toList();
    }

    private static List<Item> items(String... jsons) {
        return java.util.Arrays.stream(jsons).map(j -> Item.of(json(j))).toList();
    }

    private GetResponse next(String queue) throws Exception {
        for (int i = 0; i < 100; i++) {
            GetResponse r = ch.basicGet(queue, true);
            if (r != null) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no message on " + queue);
    }

    private static String body(GetResponse r) {
        return new String(r.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void descriptorAndCredentialPassTheRegistryChecks() {
        NodeRegistry nodes = NodeRegistry.of(List.of(new RabbitMqNode()));
        assertThat(nodes.find("n8n-nodes-base.rabbitmq")).isPresent();
        assertThat(CredentialRegistry.of(List.of(new RabbitMqCredential())).checkNodes(nodes))
                .isEmpty();
    }

    @Test
    void sendsEachItemsJsonToAQueueWithHeadersAndProperties() throws Exception {
        ExecutionResult r = node().run(
                        1.2,
                        json(p(
                                "{'queue':'Q','options':{'headers':{'header':[{'key':'x-who','value':'={{ $json.who }}'}]},"
                                        + "'arguments':{'argument':[{'key':'contentType','value':'application/json'},"
                                        + "{'key':'priority','value':'3'},{'key':'persistent','value':'true'}]}}}")),
                        items("{'who':'ann'}", "{'who':'bob'}"));
        assertThat(jsons(r)).containsExactly(json("{'success':true}"), json("{'success':true}"));
        GetResponse first = next(q);
        assertThat(Json.parse(body(first))).isEqualTo(json("{'who':'ann'}"));
        assertThat(first.getProps().getHeaders().get("x-who").toString()).isEqualTo("ann");
        assertThat(first.getProps().getContentType()).isEqualTo("application/json");
        assertThat(first.getProps().getPriority()).isEqualTo(3);
        assertThat(first.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(next(q).getProps().getHeaders().get("x-who").toString()).isEqualTo("bob");
    }

    @Test
    void sendsAMessageToAnExchangeWithARoutingKeyPerItemFromV12() throws Exception {
        ch.exchangeDeclare(q + "-x", "direct", false, true, null);
        ch.queueBind(q, q + "-x", "k-ann");
        String params =
                p("{'mode':'exchange','exchange':'Q-x','exchangeType':'direct','routingKey':'=k-{{ $json.who }}',"
                        + "'sendInputData':false,'message':'=hello {{ $json.who }}'}");
        output(node().run(1.2, json(params), items("{'who':'ann'}", "{'who':'bob'}")));
        assertThat(body(next(q))).isEqualTo("hello ann");
        assertThat(ch.basicGet(q, true)).as("bob's key routes nowhere").isNull();
        // before v1.2 the first item's routing key is used for every item
        output(node().run(1.1, json(params), items("{'who':'ann'}", "{'who':'bob'}")));
        assertThat(body(next(q))).isEqualTo("hello ann");
        assertThat(body(next(q))).isEqualTo("hello bob");
    }

    @Test
    void aMissingQueueOrExchangeIsAClearErrorAsInN8n() {
        assertThat(error(node().run(1.2, json("{'queue':'hm-no-such-queue'}"), null)))
                .contains("NOT_FOUND - no queue 'hm-no-such-queue'");
        assertThat(error(node().run(1.2, json("{'mode':'exchange','exchange':'hm-no-such-x'}"), null)))
                .contains("NOT_FOUND - no exchange 'hm-no-such-x'");
    }

    @Test
    void assertQueueOptionDeclaresIt() throws Exception {
        String fresh = q + "-new";
        output(node().run(
                        1.2,
                        json("{'queue':'" + fresh
                                + "','options':{'assertQueue':true,'durable':false,'autoDelete':true}}"),
                        null));
        assertThat(body(next(fresh))).isEqualTo("{}");
        ch.queueDelete(fresh);
    }

    @Test
    void deleteMessagePassesTheItemsThrough() {
        assertThat(jsons(node().run(1.1, json("{'operation':'deleteMessage'}"), items("{'a':1}"))))
                .containsExactly(json("{'a':1}"));
    }

    @Test
    void badCredentialsFailClearlyWithoutTheSecret() {
        ExecutionResult r = new ProtocolHarness(new RabbitMqNode())
                .credential("rabbitmq", cred().put("password", "s3cret-Pa55word"))
                .run(1.2, json(p("{'queue':'Q'}")), null);
        assertThat(error(r))
                .contains("could not connect to RabbitMQ at 127.0.0.1:5672")
                .contains("ACCESS_REFUSED")
                .doesNotContain("s3cret-Pa55word");
        assertThat(error(new ProtocolHarness(new RabbitMqNode()).run(1.2, json(p("{'queue':'Q'}")), null)))
                .contains("credentials of type 'rabbitmq' are not set");
    }

    @Test
    void anUnreachableBrokerFailsInBoundedTimeNamingHostAndPort() {
        int port = Servers.freePort();
        long start = System.nanoTime();
        ExecutionResult r = new ProtocolHarness(new RabbitMqNode())
                .credential("rabbitmq", cred().put("port", port))
                .run(1.2, json(p("{'queue':'Q'}")), null);
        assertThat(error(r))
                .contains("could not connect to RabbitMQ at 127.0.0.1:" + port)
                .contains("Connection refused");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void aServerThatIsNotRabbitMqIsAClearError() throws Exception {
        try (ServerSocket fake = Servers.garbage("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.UTF_8))) {
            long start = System.nanoTime();
            ExecutionResult r = new ProtocolHarness(new RabbitMqNode())
                    .credential("rabbitmq", cred().put("port", fake.getLocalPort()))
                    .run(1.2, json(p("{'queue':'Q'}")), null);
            assertThat(error(r)).contains("could not connect to RabbitMQ at 127.0.0.1:" + fake.getLocalPort());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        }
    }

    @Test
    void theNetworkPolicyRefusesTheBrokerBeforeConnecting() {
        ExecutionResult r = node().service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(1.2, json(p("{'queue':'Q'}")), null);
        assertThat(error(r)).startsWith("RabbitMQ refused to connect to 127.0.0.1");
    }

    @Test
    void aBadPublishArgumentFailsTheItemOrBecomesAnErrorItem() throws Exception {
        String params =
                p("{'queue':'Q','options':{'arguments':{'argument':[{'key':'priority','value':'={{ $json.p }}'}]}}}");
        assertThat(error(node().run(1.2, json(params), items("{'p':'high'}"))))
                .contains("is not a number")
                .contains("[item 0]");
        // as n8n, the publish arguments are read from the first item's options and used for every item
        ExecutionResult kept = node().onError(io.hetumind.core.model.OnError.CONTINUE)
                .run(1.2, json(params), items("{'p':'high'}", "{'p':'1'}"));
        List<ObjectNode> out = jsons(kept);
        assertThat(out)
                .extracting(o -> o.path("error").asText())
                .containsExactly(
                        "argument 'priority': 'high' is not a number [item 0]",
                        "argument 'priority': 'high' is not a number [item 1]");
        assertThat(ch.basicGet(q, true)).isNull();
        output(node().run(1.2, json(params), items("{'p':'4'}", "{'p':'high'}")));
        assertThat(next(q).getProps().getPriority()).isEqualTo(4);
        assertThat(next(q).getProps().getPriority()).isEqualTo(4);
    }
}
