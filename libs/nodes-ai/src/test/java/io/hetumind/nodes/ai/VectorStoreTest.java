package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory vector store with OpenAI-compatible embeddings (the fake provider embeds by keyword). */
class VectorStoreTest {

    static double[] vector(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return new double[] {t.contains("cat") ? 1 : 0, t.contains("dog") ? 1 : 0, t.contains("fish") ? 1 : 0, 0.01};
    }

    static final String EMBEDDINGS =
            """
            {"name":"Embeddings","type":"hetumind.embeddingsOpenAi","typeVersion":1.2,
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
            """;

    @Test
    void insertsThenLoadsTheNearestAndServesAnAgentAsATool() throws Exception {
        String insert = EMBEDDINGS
                + """
                ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{"mode":"insert","memoryKey":"pets"}},
                {"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":{
                  "jsonMode":"expressionData","jsonData":"={{ $json.text }}",
                  "options":{"metadata":{"metadataValues":[{"name":"source","value":"={{ $json.src }}"}]}}}}
                """;
        String insertWires =
                """
                "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
                "Loader":{"ai_document":[[{"node":"Store","type":"ai_document","index":0}]]}
                """;
        String load = EMBEDDINGS
                + """
                ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                  "mode":"load","memoryKey":"pets","prompt":"={{ $json.q }}","topK":1}}
                """;
        String loadWires =
                """
                "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.route(r -> r.path().endsWith("/embeddings")
                    ? FakeProvider.openAiEmbeddings(r, VectorStoreTest::vector)
                    : null);
            AiRun run = AiRun.openAi(p);
            ExecutionResult inserted = run.run(
                    AiRun.workflow(insert, insertWires),
                    List.of(
                            AiRun.item("{\"text\":\"Cats sleep all day\",\"src\":\"a.txt\"}"),
                            AiRun.item("{\"text\":\"Dogs love walks\",\"src\":\"b.txt\"}")));
            assertThat(inserted.status()).as(() -> inserted.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(inserted.output("Store", 0))
                    .extracting(i -> i.json().get("pageContent").asText())
                    .containsExactly("Cats sleep all day", "Dogs love walks");
            assertThat(p.requests.getFirst().path()).isEqualTo("/v1/embeddings");
            assertThat(p.requests.getFirst().body().get("model").asText()).isEqualTo("text-embedding-3-small");

            ExecutionResult loaded =
                    run.run(AiRun.workflow(load, loadWires), List.of(AiRun.item("{\"q\":\"my dog\"}")));
            assertThat(loaded.status()).isEqualTo(ExecutionStatus.SUCCESS);
            var hit = loaded.lastOutput().getFirst().json();
            assertThat(hit.get("document").get("pageContent").asText()).isEqualTo("Dogs love walks");
            assertThat(hit.get("document").get("metadata").get("source").asText())
                    .isEqualTo("b.txt");
            assertThat(hit.get("score").asDouble()).isGreaterThan(0.9);

            String agent = EMBEDDINGS
                    + """
                    ,{"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                    {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                    {"name":"Pet facts","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                      "mode":"retrieve-as-tool","memoryKey":"pets","toolDescription":"Facts about pets","topK":1,
                      "includeDocumentMetadata":false}}
                    """;
            String agentWires =
                    """
                    "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                    "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                    "Pet facts":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]},
                    "Embeddings":{"ai_embedding":[[{"node":"Pet facts","type":"ai_embedding","index":0}]]}
                    """;
            int before = p.requests.size();
            p.thenJson(FakeProvider.openAiToolCalls("Pet_facts", "{\"input\":\"what do cats do\"}"))
                    .thenJson(FakeProvider.openAiText("Cats sleep all day."));
            ExecutionResult asked =
                    run.run(AiRun.workflow(agent, agentWires), List.of(AiRun.item("{\"q\":\"cats?\"}")));
            assertThat(asked.status()).as(() -> asked.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(asked.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("Cats sleep all day.");
            var toolAnswer = p.requests.stream()
                    .skip(before)
                    .filter(r -> r.path().endsWith("/chat/completions"))
                    .toList()
                    .get(1)
                    .body()
                    .get("messages")
                    .get(3);
            assertThat(toolAnswer.get("content").asText()).isEqualTo("[{\"pageContent\":\"Cats sleep all day\"}]");
        }
    }

    @Test
    void aStoreInInsertModeWithoutADocumentLoaderIsInvalid() {
        String nodes = EMBEDDINGS
                + ",{\"name\":\"Store\",\"type\":\"hetumind.vectorStoreInMemory\",\"typeVersion\":1.3,\"parameters\":{\"mode\":\"insert\"}}";
        String wires =
                """
                "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
                """;
        var report = new io.hetumind.core.validate.WorkflowValidator(AiRun.REGISTRY)
                .validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(nodes, wires)));
        assertThat(report.errors())
                .extracting(io.hetumind.core.validate.Problem::message)
                .containsExactly("'Store' needs a Document connected to its ai_document input");
    }

    @Test
    void aMalformedEmbeddingsAnswerIsAClearNodeError() throws Exception {
        String nodes = EMBEDDINGS
                + """
                ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                  "mode":"load","memoryKey":"none","prompt":"x"}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(200, java.util.Map.of(), "{\"object\":\"list\"}"));
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Store").getFirst().error().message())
                    .startsWith("'Embeddings' (text-embedding-3-small) gave an answer that could not be read");
        }
    }
}
