package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.model.Node;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reranker Cohere under a vector store with "Rerank Results" on, as n8n's vector store operations use it: the store's
 * {@code topK} nearest documents go to Cohere's {@code /v2/rerank} (FakeProvider speaks it) and the reranker's {@code
 * topN} come back, most relevant first, scored by relevance — in {@code load}, {@code retrieve-as-tool} and {@code
 * retrieve} (through a retriever) — and each rerank is a run of the reranker in run data.
 */
class RerankerTest {

    static final List<String> FACTS =
            List.of("Cats sleep all day", "Cats hunt mice at night", "Cat food comes in tins", "Dogs love walks");

    /** Cohere's relevance here: a tenth per query word the document has, and a bit more for tins. */
    static double relevance(String query, String doc) {
        Set<String> words = Set.of(doc.toLowerCase(Locale.ROOT).split("\\W+"));
        double score = 0;
        for (String w : query.toLowerCase(Locale.ROOT).split("\\W+")) {
            score += words.contains(w) ? 0.1 : 0;
        }
        return score + (doc.contains("tins") ? 0.15 : 0);
    }

    static FakeProvider provider() throws Exception {
        FakeProvider p = new FakeProvider();
        p.route(r -> r.path().endsWith("/embeddings")
                ? FakeProvider.openAiEmbeddings(r, VectorStoreTest::vector)
                : r.path().equals("/v2/rerank") ? FakeProvider.cohereRerank(r, RerankerTest::relevance) : null);
        return p;
    }

    static final String RERANKER =
            """
            {"name":"Reranker","type":"hetumind.rerankerCohere","typeVersion":1,"parameters":{"topN":2},
             "credentials":{"cohereApi":{"id":"2","name":"Cohere"}}}
            """;

    static void insert(AiRun run, String key) {
        String nodes = VectorStoreTest.EMBEDDINGS
                + """
                ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                  "mode":"insert","memoryKey":"%s","clearStore":true}},
                {"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":{
                  "jsonMode":"expressionData","jsonData":"={{ $json.text }}"}}
                """
                        .formatted(key);
        String wires =
                """
                "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
                "Loader":{"ai_document":[[{"node":"Store","type":"ai_document","index":0}]]}
                """;
        ExecutionResult r = run.run(
                AiRun.workflow(nodes, wires),
                FACTS.stream().map(f -> AiRun.item("{\"text\":\"" + f + "\"}")).toList());
        assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void loadRerankTheStoresTopKAndKeepsTheRerankersTopN() throws Exception {
        try (FakeProvider p = provider()) {
            AiRun run = AiRun.openAi(p);
            insert(run, "rr-load");
            String nodes = VectorStoreTest.EMBEDDINGS
                    + ","
                    + RERANKER
                    + """
                    ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                      "mode":"load","memoryKey":"rr-load","prompt":"={{ $json.q }}","topK":3,"useReranker":true}}
                    """;
            String wires =
                    """
                    "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                    "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
                    "Reranker":{"ai_reranker":[[{"node":"Store","type":"ai_reranker","index":0}]]}
                    """;
            ExecutionResult r =
                    run.run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"what do cats do at night\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Store", 0))
                    .extracting(i -> i.json().get("document").get("pageContent").asText())
                    .containsExactly("Cats hunt mice at night", "Cat food comes in tins");
            JsonNode first = r.output("Store", 0).getFirst().json();
            assertThat(first.get("score").asDouble()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(first.get("document").get("metadata").has("relevanceScore"))
                    .as("n8n takes the relevance out of the metadata into the score")
                    .isFalse();

            FakeProvider.Request rerank = p.requests.stream()
                    .filter(q -> q.path().equals("/v2/rerank"))
                    .findFirst()
                    .orElseThrow();
            assertThat(rerank.method()).isEqualTo("POST");
            assertThat(rerank.header("Authorization")).isEqualTo("Bearer co-test");
            assertThat(rerank.body().get("model").asText()).isEqualTo("rerank-v3.5");
            assertThat(rerank.body().get("query").asText()).isEqualTo("what do cats do at night");
            assertThat(rerank.body().get("top_n").asInt()).isEqualTo(2);
            assertThat(rerank.body().get("documents"))
                    .as("the store's topK (3), as texts")
                    .extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder(
                            "Cats sleep all day", "Cats hunt mice at night", "Cat food comes in tins");

            JsonNode entry = r.toJson().get("runData").get("Reranker").get(0);
            assertThat(entry.get("executionStatus").asText()).isEqualTo("success");
            assertThat(entry.get("source").get(0).get("previousNode").asText()).isEqualTo("Store");
            JsonNode in =
                    entry.get("inputOverride").get("ai_reranker").get(0).get(0).get("json");
            assertThat(in.get("query").asText()).isEqualTo("what do cats do at night");
            assertThat(in.get("documents")).hasSize(3);
            assertThat(in.get("documents").get(0).has("pageContent")).isTrue();
            JsonNode response = entry.get("data")
                    .get("ai_reranker")
                    .get(0)
                    .get(0)
                    .get("json")
                    .get("response");
            assertThat(response).hasSize(2);
            assertThat(response.get(1).get("metadata").get("relevanceScore").asDouble())
                    .isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void theToolAnswersTheRerankedDocuments() throws Exception {
        try (FakeProvider p = provider()) {
            AiRun run = AiRun.openAi(p);
            insert(run, "rr-tool");
            String nodes = VectorStoreTest.EMBEDDINGS
                    + ","
                    + RERANKER
                    + """
                    ,{"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                    {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                    {"name":"Pet facts","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                      "mode":"retrieve-as-tool","memoryKey":"rr-tool","toolDescription":"Facts about pets","topK":3,
                      "includeDocumentMetadata":false,"useReranker":true}}
                    """;
            String wires =
                    """
                    "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                    "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                    "Pet facts":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]},
                    "Embeddings":{"ai_embedding":[[{"node":"Pet facts","type":"ai_embedding","index":0}]]},
                    "Reranker":{"ai_reranker":[[{"node":"Pet facts","type":"ai_reranker","index":0}]]}
                    """;
            p.thenJson(FakeProvider.openAiToolCalls("Pet_facts", "{\"input\":\"cats at night\"}"))
                    .thenJson(FakeProvider.openAiText("They hunt mice."));
            ExecutionResult r = run.run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"cats?\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode tool = r.toJson().get("runData").get("Pet facts").get(0);
            assertThat(tool.get("data")
                            .get("ai_tool")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("response")
                            .asText())
                    .isEqualTo("[{\"pageContent\":\"Cats hunt mice at night\"},{\"pageContent\":\"Cat food comes in"
                            + " tins\"}]");
            assertThat(r.toJson().get("runData").get("Reranker"))
                    .as("one rerank per tool call")
                    .hasSize(1);
        }
    }

    @Test
    void aRetrieverOverAReRankingStoreGetsTheRerankedDocumentsWithTheirRelevance() throws Exception {
        try (FakeProvider p = provider()) {
            AiRun run = AiRun.openAi(p);
            insert(run, "rr-qa");
            String nodes = VectorStoreTest.EMBEDDINGS
                    + ","
                    + RERANKER
                    + """
                    ,{"name":"QA","type":"hetumind.chainRetrievalQa","typeVersion":1.6,"parameters":{
                      "promptType":"define","text":"={{ $json.q }}"}},
                    {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                     "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                    {"name":"Retriever","type":"hetumind.retrieverVectorStore","parameters":{"topK":3}},
                    {"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                      "mode":"retrieve","memoryKey":"rr-qa","useReranker":true}}
                    """;
            String wires =
                    """
                    "Start":{"main":[[{"node":"QA","type":"main","index":0}]]},
                    "GPT":{"ai_languageModel":[[{"node":"QA","type":"ai_languageModel","index":0}]]},
                    "Retriever":{"ai_retriever":[[{"node":"QA","type":"ai_retriever","index":0}]]},
                    "Store":{"ai_vectorStore":[[{"node":"Retriever","type":"ai_vectorStore","index":0}]]},
                    "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
                    "Reranker":{"ai_reranker":[[{"node":"Store","type":"ai_reranker","index":0}]]}
                    """;
            p.thenJson(FakeProvider.openAiText("At night cats hunt mice."));
            ExecutionResult r =
                    run.run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"what do cats do at night\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode runData = r.toJson().get("runData");
            assertThat(runData.get("Store")
                            .get(0)
                            .get("data")
                            .get("ai_vectorStore")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("response"))
                    .as("the store found the retriever's topK")
                    .hasSize(3);
            JsonNode retrieved = runData.get("Retriever")
                    .get(0)
                    .get("data")
                    .get("ai_retriever")
                    .get(0)
                    .get(0)
                    .get("json")
                    .get("response");
            assertThat(retrieved)
                    .extracting(d -> d.get("pageContent").asText())
                    .containsExactly("Cats hunt mice at night", "Cat food comes in tins");
            assertThat(retrieved.get(0).get("metadata").get("relevanceScore").asDouble())
                    .as("LangChain's compression retriever leaves the score in the metadata")
                    .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
            String prompt = p.requests.stream()
                    .filter(q -> q.path().endsWith("/chat/completions"))
                    .findFirst()
                    .orElseThrow()
                    .body()
                    .toString();
            assertThat(prompt).contains("Cats hunt mice at night").doesNotContain("Cats sleep all day");
            assertThat(runData.get("Reranker")
                            .get(0)
                            .get("source")
                            .get(0)
                            .get("previousNode")
                            .asText())
                    .isEqualTo("Store");
        }
    }

    @Test
    void rerankingWithoutARerankerAttachedIsAProblemNamingTheStore() {
        String nodes = VectorStoreTest.EMBEDDINGS
                + """
                ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                  "mode":"load","memoryKey":"x","prompt":"q","useReranker":true}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
                """;
        var report = new WorkflowValidator(AiRun.REGISTRY)
                .validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(nodes, wires)));
        assertThat(report.errors())
                .extracting(Problem::message)
                .containsExactly("'Store' needs a Reranker connected to its ai_reranker input");
        String off = nodes.replace("\"useReranker\":true", "\"useReranker\":false");
        assertThat(new WorkflowValidator(AiRun.REGISTRY)
                        .validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(off, wires)))
                        .errors())
                .isEmpty();
    }

    @Test
    void cohereRefusingTheKeyIsAUserErrorOfTheReranker() throws Exception {
        try (FakeProvider p = provider()) {
            AiRun run = AiRun.openAi(p);
            insert(run, "rr-401");
            p.route(r -> r.path().endsWith("/embeddings")
                    ? FakeProvider.openAiEmbeddings(r, VectorStoreTest::vector)
                    : r.path().equals("/v2/rerank")
                            ? new FakeProvider.Reply(401, java.util.Map.of(), "{\"message\":\"invalid api token\"}")
                            : null);
            String nodes = VectorStoreTest.EMBEDDINGS
                    + ","
                    + RERANKER
                    + """
                    ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                      "mode":"load","memoryKey":"rr-401","prompt":"cats","useReranker":true}}
                    """;
            String wires =
                    """
                    "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                    "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
                    "Reranker":{"ai_reranker":[[{"node":"Store","type":"ai_reranker","index":0}]]}
                    """;
            ExecutionResult r = run.run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            var error = r.state().runs("Store").getFirst().error();
            assertThat(error.message())
                    .isEqualTo("'Reranker' (Cohere) answered HTTP 401: {\"message\":\"invalid api" + " token\"}");
            assertThat(error.kind()).isEqualTo(io.hetumind.core.spi.ErrorKind.USER);
            JsonNode entry = r.toJson().get("runData").get("Reranker").get(0);
            assertThat(entry.get("executionStatus").asText()).isEqualTo("error");
        }
    }

    @Test
    void anN8nExportWithACohereRerankerImportsAndRuns() throws Exception {
        String text;
        try (var in = RerankerTest.class.getResourceAsStream("/n8n/rerank-export.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        N8nImport.Result imported = N8nImport.convert(text, AiRun.REGISTRY);
        assertThat(imported.unsupported()).isEmpty();
        assertThat(imported.workflow().nodes())
                .extracting(Node::type)
                .contains("hetumind.rerankerCohere", "hetumind.vectorStoreInMemory");
        assertThat(new WorkflowValidator(AiRun.REGISTRY)
                        .validate(imported.workflow())
                        .problems())
                .isEmpty();
        try (FakeProvider p = provider()) {
            ExecutionResult r = AiRun.openAi(p).run(imported.workflow(), List.of(AiRun.item("{}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Insert Facts", 0)).hasSize(4);
            assertThat(r.output("Search Facts", 0))
                    .extracting(i -> i.json().get("document").get("pageContent").asText())
                    .containsExactly("Cats hunt mice at night", "Cat food comes in tins");
            assertThat(r.toJson().get("runData").get("Reranker Cohere")).hasSize(1);
        }
    }
}
