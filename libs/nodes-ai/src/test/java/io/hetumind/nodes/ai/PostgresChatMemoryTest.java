package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Postgres Chat Memory against a real PostgreSQL: a table of its own per test, dropped afterwards. */
class PostgresChatMemoryTest {

    private static ObjectNode server;

    private final String table =
            "chat_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    static synchronized ObjectNode credential() throws Exception {
        if (server == null) {
            String url = System.getenv("HETUMIND_TEST_PG_URL");
            if (url != null && !url.isBlank()) {
                URI u = URI.create(url.strip());
                String[] userInfo = u.getUserInfo() == null
                        ? new String[] {"postgres"}
                        : u.getUserInfo().split(":", 2);
                server = Json.object()
                        .put("host", u.getHost())
                        .put("port", u.getPort() < 0 ? 5432 : u.getPort())
                        .put(
                                "database",
                                u.getPath() == null || u.getPath().length() <= 1
                                        ? "postgres"
                                        : u.getPath().substring(1))
                        .put("user", userInfo[0])
                        .put("password", userInfo.length > 1 ? userInfo[1] : "")
                        .put("ssl", "disable");
            } else {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                    try {
                        pg.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }));
                server = Json.object()
                        .put("host", "127.0.0.1")
                        .put("port", pg.getPort())
                        .put("database", "postgres")
                        .put("user", "postgres")
                        .put("password", "")
                        .put("ssl", "disable");
            }
        }
        return server.deepCopy();
    }

    static Connection connect() throws Exception {
        ObjectNode c = credential();
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", c.get("user").asText());
        if (!c.get("password").asText().isEmpty()) {
            p.setProperty("password", c.get("password").asText());
        }
        return DriverManager.getConnection(
                "jdbc:postgresql://" + c.get("host").asText() + ":"
                        + c.get("port").asInt() + "/" + c.get("database").asText(),
                p);
    }

    @AfterEach
    void drop() throws Exception {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS \"" + table + "\"");
        }
    }

    private List<String[]> rows() throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT session_id, message::text FROM \"" + table + "\" ORDER BY id")) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }

    private AiRun run(FakeProvider p) throws Exception {
        Map<String, ObjectNode> creds = new HashMap<>();
        creds.put("openAiApi", Json.object().put("apiKey", "sk-test").put("url", p.url() + "/v1"));
        creds.put("postgres", credential());
        return new AiRun(creds);
    }

    private String workflow(String memoryParameters) {
        String nodes =
                """
                {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
                  "model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Memory","type":"@n8n/n8n-nodes-langchain.memoryPostgresChat","typeVersion":1.3,
                 "parameters":%s,"credentials":{"postgres":{"id":"pg","name":"Postgres account"}}}
                """
                        .formatted(memoryParameters);
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Memory":{"ai_memory":[[{"node":"Agent","type":"ai_memory","index":0}]]}
                """;
        return AiRun.workflow(nodes, wires);
    }

    @Test
    void storesEachExchangeInLangChainsLayoutAndSendsTheLastWindowPerSession() throws Exception {
        String wf =
                workflow("{\"sessionIdType\":\"fromInput\",\"tableName\":\"" + table + "\",\"contextWindowLength\":1}");
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Hi Ann"))
                    .thenJson(FakeProvider.openAiText("You like tea"))
                    .thenJson(FakeProvider.openAiText("Nothing yet"))
                    .thenJson(FakeProvider.openAiText("Tea, Ann"));
            AiRun run = run(p);
            assertThat(run.run(wf, List.of(AiRun.item("{\"q\":\"I am Ann\",\"sessionId\":\"s1\"}")))
                            .status())
                    .isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(run.run(wf, List.of(AiRun.item("{\"q\":\"I like tea\",\"sessionId\":\"s1\"}")))
                            .status())
                    .isEqualTo(ExecutionStatus.SUCCESS);
            ExecutionResult other =
                    run.run(wf, List.of(AiRun.item("{\"q\":\"What do I like?\",\"sessionId\":\"s2\"}")));
            assertThat(other.status()).isEqualTo(ExecutionStatus.SUCCESS);
            ExecutionResult again =
                    run.run(wf, List.of(AiRun.item("{\"q\":\"What do I like?\",\"sessionId\":\"s1\"}")));
            assertThat(again.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("Tea, Ann");

            // the second call of s1 saw the first exchange; s2 saw nothing; the window keeps one exchange
            assertThat(p.requests.get(1).body().get("messages").toString())
                    .contains("I am Ann")
                    .contains("Hi Ann");
            assertThat(p.requests.get(2).body().get("messages")).hasSize(2); // the agent's system message, the question
            JsonNode last = p.requests.get(3).body().get("messages");
            assertThat(last).hasSize(4);
            assertThat(last.get(1).get("content").asText()).isEqualTo("I like tea");
            assertThat(last.get(2).get("content").asText()).isEqualTo("You like tea");

            List<String[]> rows = rows();
            assertThat(rows).hasSize(8);
            assertThat(rows.get(0)[0]).isEqualTo("s1");
            JsonNode human = Json.parse(rows.get(0)[1]);
            assertThat(human.get("type").asText()).isEqualTo("human");
            assertThat(human.get("content").asText()).isEqualTo("I am Ann");
            assertThat(human.get("additional_kwargs").isObject()).isTrue();
            JsonNode ai = Json.parse(rows.get(1)[1]);
            assertThat(ai.get("type").asText()).isEqualTo("ai");
            assertThat(ai.get("content").asText()).isEqualTo("Hi Ann");
            assertThat(ai.get("tool_calls").isArray()).isTrue();
            assertThat(rows.get(4)[0]).isEqualTo("s2");
        }
    }

    @Test
    void readsAHistoryN8nWroteIncludingContentParts() throws Exception {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE \"" + table
                    + "\" (id SERIAL PRIMARY KEY, session_id VARCHAR(255) NOT NULL, message JSONB NOT NULL)");
            st.execute("INSERT INTO \"" + table + "\" (session_id, message) VALUES "
                    + "('k', '{\"type\":\"human\",\"content\":\"My name is Bo\",\"additional_kwargs\":{},\"response_metadata\":{}}'),"
                    + "('k', '{\"type\":\"ai\",\"content\":[{\"type\":\"text\",\"text\":\"Hello Bo\"}],\"tool_calls\":[]}'),"
                    + "('k', '{\"type\":\"tool\",\"content\":\"ignored\",\"tool_call_id\":\"x\"}')");
        }
        String wf =
                workflow("{\"sessionIdType\":\"customKey\",\"sessionKey\":\"={{ $json.user }}\",\"tableName\":\"public."
                        + table + "\"}");
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Bo"));
            ExecutionResult r = run(p).run(wf, List.of(AiRun.item("{\"q\":\"Who am I?\",\"user\":\"k\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests.getFirst().body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"You are a helpful assistant\"},"
                            + "{\"role\":\"user\",\"content\":\"My name is Bo\"},"
                            + "{\"role\":\"assistant\",\"content\":\"Hello Bo\"},"
                            + "{\"role\":\"user\",\"content\":\"Who am I?\"}]");
            assertThat(rows()).hasSize(5);
        }
    }

    @Test
    void aBadTableNameIsRefusedBeforeAnySqlAndAMissingSessionIsNamed() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            ExecutionResult r = run(p).run(
                            workflow("{\"sessionIdType\":\"fromInput\",\"tableName\":\"x; DROP TABLE y\"}"),
                            List.of(AiRun.item("{\"q\":\"hi\",\"sessionId\":\"s\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .contains("'Memory': parameter 'tableName': 'x; DROP TABLE y' is not a table name");

            ExecutionResult noSession = run(p).run(
                            workflow("{\"sessionIdType\":\"fromInput\",\"tableName\":\"" + table + "\"}"),
                            List.of(AiRun.item("{\"q\":\"hi\"}")));
            assertThat(noSession.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(noSession.state().runs("Agent").getFirst().error().message())
                    .contains("No session ID found");
            assertThat(p.requests).isEmpty();
        }
    }

    @Test
    void versionOneChoosesTheSessionAsLaterVersionsDo() throws Exception {
        // n8n's Postgres Chat Memory reads Session ID at every version: the input's sessionId by default, or a Key
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Hello"));
            ExecutionResult fromInput = run(p).run(
                            workflow("{\"tableName\":\"" + table + "\"}")
                                    .replace("\"typeVersion\":1.3", "\"typeVersion\":1"),
                            List.of(AiRun.item("{\"q\":\"hi\",\"sessionId\":\"v1-session\"}")));
            assertThat(fromInput.status())
                    .as(String.valueOf(fromInput.state().error()))
                    .isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(rows()).hasSize(2).allSatisfy(row -> assertThat(row[0]).isEqualTo("v1-session"));

            // a Key left out is refused before the run, as at 1.3 (n8n: the node has issues)
            String noKey = workflow("{\"sessionIdType\":\"customKey\",\"tableName\":\"" + table + "\"}")
                    .replace("\"typeVersion\":1.3", "\"typeVersion\":1.1");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> run(p).run(noKey, List.of(AiRun.item("{\"q\":\"hi\",\"sessionId\":\"v1-session\"}"))))
                    .isInstanceOf(io.hetumind.core.engine.WorkflowInvalidException.class)
                    .hasMessageContaining("required parameter 'Key' is missing");
            assertThat(p.requests).hasSize(1);
        }
    }

    @Test
    void aDatabaseTheNetworkPolicyRefusesIsNeverContacted() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            Map<String, ObjectNode> creds = new HashMap<>();
            creds.put("openAiApi", Json.object().put("apiKey", "sk-test").put("url", p.url() + "/v1"));
            creds.put("postgres", credential().put("host", "10.255.1.2"));
            int llmPort = URI.create(p.url()).getPort();
            var policy = io.hetumind.core.spi.NetworkPolicy.builder()
                    .allowRange("127.0.0.1/32", llmPort)
                    .build();
            ExecutionResult r = new AiRun(creds, policy)
                    .run(
                            workflow("{\"sessionIdType\":\"fromInput\",\"tableName\":\"" + table + "\"}"),
                            List.of(AiRun.item("{\"q\":\"hi\",\"sessionId\":\"s\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .contains("10.255.1.2")
                    .contains("refused");
            assertThat(p.requests).isEmpty();
        }
    }
}
