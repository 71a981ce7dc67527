package io.hetumind.nodes.redis;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** The Redis node against the machine's Redis (127.0.0.1:6379, no password), keys under a per-test prefix. */
class RedisNodeTest {

    private static final int DB = 9;
    private String k;
    private Jedis redis;

    @BeforeAll
    static void server() {
        Servers.require("Redis", 6379);
    }

    @BeforeEach
    void open() {
        k = "hm:" + Long.toString(System.nanoTime(), 36) + ":";
        redis = new Jedis("127.0.0.1", 6379);
        redis.select(DB);
    }

    @AfterEach
    void clean() {
        Set<String> keys = redis.keys(k + "*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
        redis.close();
    }

    static ObjectNode cred() {
        return json("{'host':'127.0.0.1','port':6379,'database':9,'password':''}");
    }

    static ProtocolHarness node() {
        return new ProtocolHarness(new RedisNode()).credential("redis", cred());
    }

    private String p(String params) {
        return params.replace("K:", k);
    }

    private static List<ObjectNode> jsons(ExecutionResult r) {
        return output(r).stream()
                .map(i -> (ObjectNode) Json.parse(Json.write(i.json())))
                .toList();
    }

    private static List<Item> items(String... jsons) {
        return java.util.Arrays.stream(jsons).map(j -> Item.of(json(j))).toList();
    }

    @Test
    void descriptorAndCredentialPassTheRegistryChecks() {
        NodeRegistry nodes = NodeRegistry.of(List.of(new RedisNode()));
        assertThat(nodes.find("n8n-nodes-base.redis")).isPresent();
        assertThat(CredentialRegistry.of(List.of(new RedisCredential())).checkNodes(nodes))
                .isEmpty();
    }

    @Test
    void setWithExpiryThenGetOfEachType() {
        List<Item> in = items("{'v':'hello'}");
        assertThat(jsons(node().run(
                                1,
                                json(
                                        p(
                                                "{'operation':'set','key':'K:s','value':'={{ $json.v }}','expire':true,'ttl':100}")),
                                in)))
                .containsExactly(json("{'v':'hello'}"));
        assertThat(redis.get(k + "s")).isEqualTo("hello");
        assertThat(redis.ttl(k + "s")).isBetween(1L, 100L);
        output(node().run(
                        1,
                        json(p("{'operation':'set','key':'K:h','keyType':'hash'}"))
                                .put("value", "{\"a\":1,\"b\":\"x\"}"),
                        null));
        output(node().run(
                        1,
                        json(
                                p(
                                        "{'operation':'set','key':'K:h2','keyType':'hash','valueIsJSON':false,'value':'c 3 d 4'}")),
                        null));
        output(node().run(1, json(p("{'operation':'set','key':'K:set','keyType':'sets','value':'m1'}")), null));
        assertThat(redis.hgetAll(k + "h")).isEqualTo(Map.of("a", "1", "b", "x"));
        assertThat(redis.hgetAll(k + "h2")).isEqualTo(Map.of("c", "3", "d", "4"));
        redis.rpush(k + "l", "one", "two");

        assertThat(jsons(node().run(1, json(p("{'operation':'get','key':'K:s','propertyName':'out.value'}")), null)))
                .containsExactly(json("{'out':{'value':'hello'}}"));
        assertThat(jsons(node().run(
                                1,
                                json(
                                        p(
                                                "{'operation':'get','key':'K:s','propertyName':'out.value','options':{'dotNotation':false}}")),
                                null)))
                .containsExactly(json("{'out.value':'hello'}"));
        assertThat(jsons(node().run(1, json(p("{'operation':'get','key':'K:h','propertyName':'h'}")), null)))
                .containsExactly(json("{'h':{'a':'1','b':'x'}}"));
        assertThat(jsons(node().run(1, json(p("{'operation':'get','key':'K:l','propertyName':'l'}")), null)))
                .containsExactly(json("{'l':['one','two']}"));
        assertThat(jsons(node().run(
                                1,
                                json(p("{'operation':'get','key':'K:set','keyType':'sets','propertyName':'m'}")),
                                null)))
                .containsExactly(json("{'m':['m1']}"));
        // as n8n: automatic type detection asks TYPE, whose 'set' is not n8n's 'sets': nothing comes back
        assertThat(jsons(node().run(1, json(p("{'operation':'get','key':'K:set','propertyName':'m'}")), null)))
                .containsExactly(json("{'m':null}"));
        assertThat(jsons(node().run(1, json(p("{'operation':'get','key':'K:none','propertyName':'x'}")), null)))
                .containsExactly(json("{'x':null}"));
    }

    @Test
    void incrKeysLlenDelete() {
        List<ObjectNode> counts = jsons(
                node().run(1, json(p("{'operation':'incr','key':'K:n','expire':true,'ttl':50}")), items("{}", "{}")));
        assertThat(counts).containsExactly(json(p("{'K:n':1}")), json(p("{'K:n':2}")));
        assertThat(redis.ttl(k + "n")).isBetween(1L, 50L);
        redis.set(k + "a", "A");
        assertThat(jsons(node().run(1, json(p("{'operation':'keys','keyPattern':'K:*'}")), null)))
                .containsExactly(json(p("{'K:n':'2','K:a':'A'}")));
        ObjectNode names = jsons(
                        node().run(1, json(p("{'operation':'keys','keyPattern':'K:*','getValues':false}")), null))
                .getFirst();
        assertThat(names.path("keys")).hasSize(2);
        redis.rpush(k + "l", "1", "2", "3");
        assertThat(jsons(node().run(1, json(p("{'operation':'llen','list':'K:l'}")), null)))
                .containsExactly(json(p("{'K:l':3}")));
        output(node().run(1, json(p("{'operation':'delete','key':'K:a'}")), null));
        assertThat(redis.exists(k + "a")).isFalse();
    }

    @Test
    void pushPopParsesJsonAndPublishReachesASubscriber() throws Exception {
        output(node().run(
                        1,
                        json(
                                p(
                                        "{'operation':'push','list':'K:q','messageData':'={{ JSON.stringify($json) }}','tail':true}")),
                        items("{'n':1}", "{'n':2}")));
        assertThat(redis.lrange(k + "q", 0, -1)).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(jsons(node().run(1, json(p("{'operation':'pop','list':'K:q','propertyName':'got'}")), null)))
                .containsExactly(json("{'got':{'n':1}}"));
        redis.rpush(k + "q", "plain text");
        assertThat(jsons(node().run(1, json(p("{'operation':'pop','list':'K:q','tail':true}")), null)))
                .containsExactly(json("{'propertyName':'plain text'}"));

        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        JedisPubSub sub = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                got.add(message);
            }
        };
        Thread listener = Thread.ofVirtual().start(() -> {
            try (Jedis j = new Jedis("127.0.0.1", 6379)) {
                j.subscribe(sub, k + "chan");
            }
        });
        for (int i = 0; i < 50 && sub.getSubscribedChannels() == 0; i++) {
            Thread.sleep(20);
        }
        List<ObjectNode> passed = jsons(node().run(
                        1,
                        json(p("{'operation':'publish','channel':'K:chan','messageData':'hi {{ $json.who }}'}"))
                                .put("messageData", "=hi {{ $json.who }}"),
                        items("{'who':'bob'}")));
        assertThat(passed).containsExactly(json("{'who':'bob'}"));
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("hi bob");
        sub.unsubscribe();
        listener.join(2_000);
    }

    @Test
    void infoIsParsedIntoAnObject() {
        ObjectNode info =
                jsons(node().run(1, json("{'operation':'info'}"), null)).getFirst();
        assertThat(info.path("redis_mode").asText()).isEqualTo("standalone");
        // as n8n's parseFloat: "7.0.15" reads as the number 7
        assertThat(info.path("redis_version").isNumber()).isTrue();
        assertThat(info.path("tcp_port").asInt()).isEqualTo(6379);
        assertThat(info.path("db" + DB).isObject() || info.path("db0").isObject() || !info.has("db0"))
                .isTrue();
    }

    @Test
    void aWrongTypeFailsTheItemOrBecomesAnErrorItem() {
        redis.set(k + "s", "text");
        String params = p("{'operation':'push','list':'K:s','messageData':'x'}");
        assertThat(error(node().run(1, json(params), null)))
                .contains("WRONGTYPE")
                .contains("[item 0]");
        ExecutionResult kept = node().onError(OnError.CONTINUE)
                .run(
                        1,
                        json(p("{'operation':'push','list':'={{ $json.l }}','messageData':'x'}")),
                        List.of(Item.of(json(p("{'l':'K:s'}"))), Item.of(json(p("{'l':'K:ok'}")))));
        List<ObjectNode> out = jsons(kept);
        assertThat(out).hasSize(2);
        assertThat(out.stream().filter(o -> o.has("error")).toList())
                .singleElement()
                .satisfies(e -> assertThat(e.path("error").asText()).contains("WRONGTYPE"));
        assertThat(redis.llen(k + "ok")).isEqualTo(1);
        assertThat(error(node().run(
                                1,
                                json(p("{'operation':'set','key':'K:h','keyType':'hash','value':'not json'}")),
                                null)))
                .contains("must be a JSON object");
    }

    @Test
    void badCredentialsFailClearlyWithoutTheSecret() {
        ExecutionResult r = new ProtocolHarness(new RedisNode())
                .credential("redis", cred().put("user", "nobody").put("password", "s3cret-Pa55word"))
                .run(1, json("{'operation':'info'}"), null);
        assertThat(error(r))
                .contains("could not connect to Redis at 127.0.0.1:6379")
                .doesNotContain("s3cret-Pa55word");
        assertThat(error(new ProtocolHarness(new RedisNode()).run(1, json("{'operation':'info'}"), null)))
                .contains("credentials of type 'redis' are not set");
    }

    @Test
    void anUnreachableServerFailsInBoundedTimeNamingHostAndPort() {
        int port = Servers.freePort();
        long start = System.nanoTime();
        ExecutionResult r = new ProtocolHarness(new RedisNode())
                .credential("redis", cred().put("port", port))
                .run(1, json("{'operation':'info'}"), null);
        assertThat(error(r))
                .contains("could not connect to Redis at 127.0.0.1:" + port)
                .contains("Connection refused");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void aServerThatIsNotRedisIsAClearError() throws Exception {
        try (ServerSocket fake = Servers.garbage("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.UTF_8))) {
            ExecutionResult r = new ProtocolHarness(new RedisNode())
                    .credential("redis", cred().put("port", fake.getLocalPort()))
                    .run(1, json("{'operation':'info'}"), null);
            assertThat(error(r)).contains("could not connect to Redis at 127.0.0.1:" + fake.getLocalPort());
        }
    }

    @Test
    void theNetworkPolicyRefusesTheServerBeforeConnecting() {
        ExecutionResult r = node().service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(1, json("{'operation':'info'}"), null);
        assertThat(error(r)).startsWith("Redis refused to connect to 127.0.0.1");
    }
}
