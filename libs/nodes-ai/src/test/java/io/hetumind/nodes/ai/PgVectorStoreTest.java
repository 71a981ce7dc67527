package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.spi.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PGVector store against a real PostgreSQL with pgvector (PGlite over the wire protocol, see
 * {@link PgliteServer}); the fake provider embeds by keyword as in {@link VectorStoreTest}.
 */
class PgVectorStoreTest {

    static PgliteServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PgliteServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    static AiRun run(FakeProvider p, ObjectNode postgres) {
        p.route(r ->
                r.path().endsWith("/embeddings") ? FakeProvider.openAiEmbeddings(r, VectorStoreTest::vector) : null);
        return new AiRun(Map.of(
                "openAiApi", Json.object().put("apiKey", "sk-test").put("url", p.url() + "/v1"), "postgres", postgres));
    }

    static String store(String parameters) {
        return VectorStoreTest.EMBEDDINGS
                + ",{\"name\":\"Store\",\"type\":\"@n8n/n8n-nodes-langchain.vectorStorePGVector\",\"typeVersion\":1.3,"
                + "\"credentials\":{\"postgres\":{\"id\":\"2\",\"name\":\"PG\"}},\"parameters\":" + parameters + "}";
    }

    static final String INSERT_LOADER =
            """
            ,{"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":{
              "jsonMode":"expressionData","jsonData":"={{ $json.text }}",
              "options":{"metadata":{"metadataValues":[{"name":"src","value":"={{ $json.src }}"}]}}}}
            """;
    static final String INSERT_WIRES =
            """
            "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
            "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
            "Loader":{"ai_document":[[{"node":"Store","type":"ai_document","index":0}]]}
            """;
    static final String LOAD_WIRES =
            """
            "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
            "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
            """;

    @Test
    void insertsIntoLangChainsTableLayoutThenLoadsAndServesAnAgent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = run(p, pg.credential());
            ExecutionResult inserted = run.run(
                    AiRun.workflow(store("{\"mode\":\"insert\",\"tableName\":\"pets\"}") + INSERT_LOADER, INSERT_WIRES),
                    List.of(
                            AiRun.item("{\"text\":\"Cats sleep all day\",\"src\":\"a.txt\"}"),
                            AiRun.item("{\"text\":\"Dogs love walks\",\"src\":\"b.txt\"}"),
                            AiRun.item("{\"text\":\"Fish swim\",\"src\":\"c.txt\"}")));
            assertThat(inserted.status()).as(() -> inserted.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(inserted.output("Store", 0)).hasSize(3);

            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres", "postgres", "postgres");
                    ResultSet rs = c.createStatement()
                            .executeQuery(
                                    "SELECT text, metadata->>'src', vector_dims(embedding) FROM pets ORDER BY text")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Cats sleep all day");
                assertThat(rs.getString(2)).isEqualTo("a.txt");
                assertThat(rs.getInt(3)).isEqualTo(4);
            }

            ExecutionResult loaded = run.run(
                    AiRun.workflow(
                            store(
                                    "{\"mode\":\"load\",\"tableName\":\"pets\",\"prompt\":\"={{ $json.q }}\",\"topK\":2}"),
                            LOAD_WIRES),
                    List.of(AiRun.item("{\"q\":\"my dog\"}")));
            assertThat(loaded.status()).as(() -> loaded.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            var hits = loaded.lastOutput();
            assertThat(hits).hasSize(2);
            assertThat(hits.getFirst().json().get("document").get("pageContent").asText())
                    .isEqualTo("Dogs love walks");
            assertThat(hits.getFirst()
                            .json()
                            .get("document")
                            .get("metadata")
                            .get("src")
                            .asText())
                    .isEqualTo("b.txt");
            // LangChain's PGVector answers the cosine distance: the nearest is ~0
            assertThat(hits.getFirst().json().get("score").asDouble()).isLessThan(0.01);
            assertThat(hits.get(1).json().get("score").asDouble()).isGreaterThan(0.9);

            ExecutionResult filtered = run.run(
                    AiRun.workflow(
                            store(
                                    "{\"mode\":\"load\",\"tableName\":\"pets\",\"prompt\":\"my dog\",\"topK\":3,"
                                            + "\"options\":{\"metadata\":{\"metadataValues\":[{\"name\":\"src\",\"value\":\"c.txt\"}]}}}"),
                            LOAD_WIRES),
                    List.of(AiRun.item("{}")));
            assertThat(filtered.status()).as(() -> filtered.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(filtered.lastOutput())
                    .extracting(i -> i.json().get("document").get("pageContent").asText())
                    .containsExactly("Fish swim");

            String agent = store(
                            "{\"mode\":\"retrieve-as-tool\",\"tableName\":\"pets\",\"toolDescription\":\"Facts about pets\",\"topK\":1}")
                    + """
                    ,{"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                    {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
                    """;
            String agentWires =
                    """
                    "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                    "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                    "Store":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]},
                    "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
                    """;
            p.thenJson(FakeProvider.openAiToolCalls("Store", "{\"input\":\"fish\"}"));
            p.thenJson(FakeProvider.openAiText("Fish swim."));
            ExecutionResult asked =
                    run.run(AiRun.workflow(agent, agentWires), List.of(AiRun.item("{\"q\":\"What do fish do?\"}")));
            assertThat(asked.status()).as(() -> asked.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(asked.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("Fish swim.");
            String toolResult = p.requests.stream()
                    .filter(r -> r.path().endsWith("/chat/completions"))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .body()
                    .get("messages")
                    .toString();
            assertThat(toolResult).contains("Fish swim").doesNotContain("Dogs love walks");
        }
    }

    @Test
    void rerankingFetchesTheTopKThenKeepsTheRerankersTopNScoredByRelevance() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = run(p, pg.credential());
            p.route(r -> r.path().endsWith("/embeddings")
                    ? FakeProvider.openAiEmbeddings(r, VectorStoreTest::vector)
                    : r.path().equals("/v2/rerank") ? FakeProvider.cohereRerank(r, RerankerTest::relevance) : null);
            AiRun withCohere = new AiRun(Map.of(
                    "openAiApi", Json.object().put("apiKey", "sk-test").put("url", p.url() + "/v1"),
                    "postgres", pg.credential(),
                    "cohereApi", Json.object().put("apiKey", "co-test").put("url", p.url())));
            ExecutionResult inserted = run.run(
                    AiRun.workflow(
                            store("{\"mode\":\"insert\",\"tableName\":\"reranked_facts\"}") + INSERT_LOADER,
                            INSERT_WIRES),
                    RerankerTest.FACTS.stream()
                            .map(f -> AiRun.item("{\"text\":\"" + f + "\",\"src\":\"facts\"}"))
                            .toList());
            assertThat(inserted.status()).as(() -> inserted.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            ExecutionResult loaded = withCohere.run(
                    AiRun.workflow(
                            store("{\"mode\":\"load\",\"tableName\":\"reranked_facts\",\"prompt\":\"what do cats"
                                            + " do at night\",\"topK\":3,\"useReranker\":true}")
                                    + ","
                                    + RerankerTest.RERANKER,
                            LOAD_WIRES
                                    + ",\"Reranker\":{\"ai_reranker\":[[{\"node\":\"Store\",\"type\":\"ai_reranker\","
                                    + "\"index\":0}]]}"),
                    List.of(AiRun.item("{}")));
            assertThat(loaded.status()).as(() -> loaded.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(loaded.output("Store", 0))
                    .extracting(i -> i.json().get("document").get("pageContent").asText())
                    .containsExactly("Cats hunt mice at night", "Cat food comes in tins");
            var first = loaded.output("Store", 0).getFirst().json();
            assertThat(first.get("score").asDouble())
                    .as("the relevance, not the distance")
                    .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(first.get("document").get("metadata").get("src").asText())
                    .isEqualTo("facts");
            var rerank = p.requests.stream()
                    .filter(q -> q.path().equals("/v2/rerank"))
                    .findFirst()
                    .orElseThrow();
            assertThat(rerank.body().get("documents")).hasSize(3);
        }
    }

    @Test
    void collectionsKeepDocumentsApartAndColumnNamesAndDistanceApply() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = run(p, pg.credential());
            String options =
                    """
                    "options":{"collection":{"values":{"useCollection":true,"collectionName":"%s"}},
                     "columnNames":{"values":{"idColumnName":"uid","vectorColumnName":"vec","contentColumnName":"body","metadataColumnName":"meta"}},
                     "distanceStrategy":"euclidean"}
                    """;
            for (String[] c : new String[][] {{"one", "Cats sleep all day"}, {"two", "Dogs love walks"}}) {
                ExecutionResult r = run.run(
                        AiRun.workflow(
                                store("{\"mode\":\"insert\",\"tableName\":\"shelf\"," + options.formatted(c[0]) + "}")
                                        + INSERT_LOADER,
                                INSERT_WIRES),
                        List.of(AiRun.item("{\"text\":\"" + c[1] + "\",\"src\":\"" + c[0] + "\"}")));
                assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            }
            ExecutionResult loaded = run.run(
                    AiRun.workflow(
                            store("{\"mode\":\"load\",\"tableName\":\"shelf\",\"prompt\":\"dog\",\"topK\":5,"
                                    + options.formatted("one") + "}"),
                            LOAD_WIRES),
                    List.of(AiRun.item("{}")));
            assertThat(loaded.status()).as(() -> loaded.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            // only collection "one" is searched, even though "two" holds the better match
            assertThat(loaded.lastOutput())
                    .extracting(i -> i.json().get("document").get("pageContent").asText())
                    .containsExactly("Cats sleep all day");
            // euclidean distance between (0,1,0,.01) and (1,0,0,.01) is sqrt(2)
            assertThat(loaded.lastOutput().getFirst().json().get("score").asDouble())
                    .isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void badTableNameAndUnreachableServerAreClearErrorsWithoutTheSecret() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            ExecutionResult bad = run(p, pg.credential())
                    .run(
                            AiRun.workflow(
                                    store(
                                            "{\"mode\":\"load\",\"tableName\":\"pets; drop table x\",\"prompt\":\"dog\"}"),
                                    LOAD_WIRES),
                            List.of(AiRun.item("{}")));
            assertThat(bad.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(bad.toJson().toString())
                    .contains("'Store': parameter 'tableName': 'pets; drop table x' is not an SQL name");

            int closed;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            ExecutionResult down = run(p, pg.credential().put("port", closed).put("password", "s3cret-pw"))
                    .run(
                            AiRun.workflow(store("{\"mode\":\"load\",\"prompt\":\"dog\"}"), LOAD_WIRES),
                            List.of(AiRun.item("{}")));
            assertThat(down.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(down.toJson().toString()).contains("'Store' (Postgres)").doesNotContain("s3cret-pw");
        }
    }

    /**
     * n8n 2.8's Postgres PGVector Store offers load, insert, retrieve and retrieve-as-tool; its
     * {@code update} mode exists only for stores that declare it (Pinecone, Supabase …), so a
     * workflow asking PGVector for it is refused, naming the modes there are.
     */
    @Test
    void modesAreN8nsAndUpdateIsRefusedClearly() throws Exception {
        var descriptor = AiRun.REGISTRY
                .find("hetumind.vectorStorePGVector")
                .orElseThrow()
                .descriptor();
        var mode = descriptor.properties().stream()
                .filter(ps -> ps.name().equals("mode"))
                .findFirst()
                .orElseThrow();
        assertThat(mode.options())
                .extracting(o -> o.value().asText())
                .containsExactly("load", "insert", "retrieve", "retrieve-as-tool");
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = run(p, pg.credential());
            assertThatThrownBy(() -> run.run(
                            AiRun.workflow(store("{\"mode\":\"update\",\"id\":\"x\"}"), LOAD_WIRES),
                            List.of(AiRun.item("{}"))))
                    .isInstanceOf(WorkflowInvalidException.class)
                    .hasMessageContaining("[Store] $.nodes[2].parameters.mode: 'Operation Mode' must be one of"
                            + " [\"load\", \"insert\", \"retrieve\", \"retrieve-as-tool\"], got \"update\"");
        }
    }
}
