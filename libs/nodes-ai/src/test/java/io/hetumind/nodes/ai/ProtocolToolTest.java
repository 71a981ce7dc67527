package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.ai.tool.NodeAsToolNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The nodes of {@code libs/nodes-protocols} that n8n 2.8 marks {@code usableAsTool}, as an agent's tools:
 * registered under n8n's {@code …Tool} names with the versions n8n flags, and a Redis tool run against
 * the machine's Redis (127.0.0.1:6379, database 9, as the Redis node's own tests).
 */
class ProtocolToolTest {

    /**
     * The nodes here that n8n 2.8 marks {@code usableAsTool}, and the first version marked (read from
     * n8n-nodes-base 2.8.1's descriptions); later versions of ours count as marked too.
     */
    private static final Map<String, Double> N8N_TOOLS = Map.ofEntries(
            Map.entry("httpRequest", 3.0),
            Map.entry("dateTime", 2.0),
            Map.entry("crypto", 1.0),
            Map.entry("postgres", 2.0),
            Map.entry("compression", 1.0),
            Map.entry("graphql", 1.0),
            Map.entry("mqtt", 1.0),
            Map.entry("emailSend", 2.0),
            Map.entry("awsS3", 2.0),
            Map.entry("redis", 1.0),
            Map.entry("rabbitmq", 1.0),
            Map.entry("mySql", 2.0));

    @Test
    void everyNodeN8nMarksUsableAsToolHasItsToolVariantAndNoOtherHasOne() {
        N8N_TOOLS.forEach((name, from) -> {
            NodeType tool = AiRun.REGISTRY
                    .find("n8n-nodes-base." + name + "Tool")
                    .orElseThrow(() -> new AssertionError("no tool variant of " + name));
            assertThat(tool).isInstanceOf(NodeAsToolNode.class);
            NodeType base = AiRun.REGISTRY.find("n8n-nodes-base." + name).orElseThrow();
            assertThat(tool.descriptor().versions())
                    .as(name)
                    .containsExactlyElementsOf(base.descriptor().versions().stream()
                            .filter(v -> v >= from)
                            .toList());
            assertThat(tool.descriptor().credentials())
                    .isEqualTo(base.descriptor().credentials());
            assertThat(tool.descriptor().property("descriptionType")).isNotNull();
        });
        // n8n marks neither FTP nor the triggers; Execute Command it marks, but disables by default
        List<String> wrapped = AiRun.REGISTRY.all().stream()
                .filter(t -> t instanceof NodeAsToolNode)
                .map(t -> t.descriptor().aliases().getFirst().replaceFirst("^n8n-nodes-base\\.(.*)Tool$", "$1"))
                .sorted()
                .toList();
        assertThat(wrapped).containsExactlyInAnyOrderElementsOf(N8N_TOOLS.keySet());
    }

    private static final String NODES =
            """
            {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
            {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
            {"name":"Remember","type":"n8n-nodes-base.redisTool","typeVersion":1,"parameters":{
              "operation":"set","key":"=PREFIX{{ $fromAI('key', 'the name to remember under', 'string') }}",
              "value":"={{ $fromAI('value', 'what to remember', 'string') }}",
              "expire":true,"ttl":"={{ $fromAI('seconds', 'how long to remember', 'Number', 600) }}"},
             "credentials":{"redis":{"id":"5","name":"Redis"}}},
            {"name":"Recall","type":"n8n-nodes-base.redisTool","typeVersion":1,"parameters":{
              "descriptionType":"manual","toolDescription":"Recalls what was remembered under a name",
              "operation":"get","key":"=PREFIX{{ $fromAI('key', 'the name', 'string') }}","propertyName":"recalled"},
             "credentials":{"redis":{"id":"5","name":"Redis"}}}
            """;

    private static final String WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Remember":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]},
            "Recall":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    @Test
    void theRedisNodeAsAToolStoresAndReadsWhatTheModelAsksAndTheModelHearsTheAnswers() throws Exception {
        requireServer("Redis", 6379);
        String prefix = "hm:ai:" + Long.toString(System.nanoTime(), 36) + ":";
        try (FakeProvider llm = new FakeProvider();
                Jedis redis = new Jedis("127.0.0.1", 6379)) {
            redis.select(9);
            llm.thenJson(FakeProvider.openAiToolCalls("Remember", "{\"key\":\"colour\",\"value\":\"teal\"}"))
                    .thenJson(FakeProvider.openAiToolCalls("Recall", "{\"key\":\"colour\"}"))
                    .thenJson(FakeProvider.openAiToolCalls("Recall", "{\"key\":42}"))
                    .thenJson(FakeProvider.openAiText("Your colour is teal."));
            ExecutionResult r = new AiRun(creds(llm))
                    .run(
                            AiRun.workflow(NODES.replace("PREFIX", prefix), WIRES),
                            List.of(AiRun.item("{\"q\":\"Remember teal as my colour, then tell me my colour\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Agent", 0).getFirst().json().get("output").asText())
                    .isEqualTo("Your colour is teal.");

            // the real server holds what the model asked for, with the default expiry of the $fromAI call
            assertThat(redis.get(prefix + "colour")).isEqualTo("teal");
            assertThat(redis.ttl(prefix + "colour")).isBetween(590L, 600L);

            JsonNode tools = llm.requests.getFirst().body().get("tools");
            JsonNode remember = tools.get(0).get("function");
            assertThat(remember.get("name").asText()).isEqualTo("Remember");
            // auto: Redis has no resource, so n8n describes it with the node's description
            assertThat(remember.get("description").asText()).isEqualTo("Get, send and update data in Redis");
            JsonNode params = remember.get("parameters");
            assertThat(params.get("required").toString()).isEqualTo("[\"key\",\"value\"]");
            assertThat(params.at("/properties/seconds/type").asText()).isEqualTo("number");
            assertThat(params.at("/properties/key/description").asText()).isEqualTo("the name to remember under");
            assertThat(tools.get(1).at("/function/description").asText())
                    .isEqualTo("Recalls what was remembered under a name");

            // messages: system, user, then each tool call and its answer; answers are n8n's JSON arrays
            assertThat(toolAnswer(llm, 1, 3))
                    .isEqualTo("[{\"q\":\"Remember teal as my colour, then tell me my colour\"}]");
            assertThat(toolAnswer(llm, 2, 5))
                    .isEqualTo("[{\"recalled\":\"teal\"}]"); // Redis 'get' starts a fresh item, as n8n's
            // a value of the wrong type is refused before the node runs, as n8n's schema check does
            assertThat(toolAnswer(llm, 3, 7))
                    .isEqualTo("There was an error: \"the argument 'key' must be a string, not 42\"");
        } finally {
            try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
                redis.select(9);
                redis.del(prefix + "colour");
            }
        }
    }

    /**
     * The MySQL node (2.5) as a tool against the machine's MariaDB (127.0.0.1:3306, root, database
     * {@code test}, as the MySQL node's tests): the model's text is bound as a query parameter.
     */
    @Test
    void theMySqlNodeAsAToolBindsTheModelsTextAsAParameter() throws Exception {
        requireServer("MariaDB", 3306);
        String nodes =
                """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Greet","type":"n8n-nodes-base.mySqlTool","typeVersion":2.5,"parameters":{
                  "operation":"executeQuery","query":"SELECT CONCAT('Hello, ', $1) AS greeting, CAST($2 * 2 AS CHAR) AS doubled",
                  "options":{"queryReplacement":"={{ $fromAI('name', 'who to greet', 'string') }}, {{ $fromAI('n', 'a number', 'number') }}"}},
                 "credentials":{"mySql":{"id":"6","name":"MariaDB"}}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Greet":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
                """;
        try (FakeProvider llm = new FakeProvider()) {
            llm.thenJson(FakeProvider.openAiToolCalls("Greet", "{\"name\":\"O'Brien'); DROP TABLE t; --\",\"n\":21}"))
                    .thenJson(FakeProvider.openAiText("done"));
            var f = JsonNodeFactory.instance;
            Map<String, com.fasterxml.jackson.databind.node.ObjectNode> creds = new java.util.HashMap<>(creds(llm));
            creds.put(
                    "mySql",
                    f.objectNode()
                            .put("host", "127.0.0.1")
                            .put("port", 3306)
                            .put("database", "test")
                            .put("user", "root")
                            .put("password", ""));
            ExecutionResult r =
                    new AiRun(creds).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"Greet\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode tool = llm.requests.getFirst().body().get("tools").get(0).get("function");
            // MySQL 2.x: resource 'database' by default, so the operation's words describe the tool
            assertThat(tool.get("description").asText()).isEqualTo("Execute a SQL query in MySQL");
            assertThat(toolAnswer(llm, 1, 3))
                    .isEqualTo("[{\"greeting\":\"Hello, O'Brien'); DROP TABLE t; --\",\"doubled\":\"42\"}]");
        }
    }

    /** n8n's automatic description: the chosen operation's action in the node, defaults filled in. */
    @Test
    void anAutomaticDescriptionNamesTheOperationChosen() throws Exception {
        String nodes =
                """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"parameters":{"promptType":"define","text":"hi","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Store","type":"n8n-nodes-base.awsS3Tool","typeVersion":2,"parameters":{
                  "resource":"file","operation":"upload","bucketName":"b","fileName":"={{ $fromAI('name') }}"}},
                {"name":"Ask SQL","type":"n8n-nodes-base.mySqlTool","typeVersion":2.5,"parameters":{
                  "operation":"executeQuery","query":"SELECT 1"}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Store":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]},
                "Ask SQL":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
                """;
        try (FakeProvider llm = new FakeProvider()) {
            llm.thenJson(FakeProvider.openAiText("ok"));
            ExecutionResult r = new AiRun(creds(llm)).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode tools = llm.requests.getFirst().body().get("tools");
            assertThat(tools.get(0).at("/function/description").asText()).isEqualTo("Upload a file in AWS S3");
            // MySQL 2.x: the resource is not in the parameters, its default 'database' counts
            assertThat(tools.get(1).at("/function/description").asText()).isEqualTo("Execute a SQL query in MySQL");
            assertThat(tools.get(1).at("/function/parameters/properties").isEmpty())
                    .isTrue();
        }
    }

    private static String toolAnswer(FakeProvider llm, int request, int message) {
        return llm.requests
                .get(request)
                .body()
                .get("messages")
                .get(message)
                .get("content")
                .asText();
    }

    static Map<String, com.fasterxml.jackson.databind.node.ObjectNode> creds(FakeProvider llm) {
        var f = JsonNodeFactory.instance;
        return Map.of(
                "openAiApi", f.objectNode().put("apiKey", "sk-test").put("url", llm.url() + "/v1"),
                "redis",
                        f.objectNode()
                                .put("host", "127.0.0.1")
                                .put("port", 6379)
                                .put("database", 9)
                                .put("password", ""));
    }

    private static void requireServer(String name, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        } catch (IOException e) {
            throw new AssertionError(name + " is not reachable at 127.0.0.1:" + port
                    + " — this test needs the real server, as libs/nodes-protocols' tests do (.ci/run starts it)");
        }
    }
}
