package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RAG with the real local embedding model: a small document set is embedded and stored, and a
 * question whose answer only one of them holds is answered from that document (the chat model
 * is the fake provider, which sees exactly what the chain retrieved).
 */
class LocalRagTest {

    static final List<String> DOCS = List.of(
            "The Zorblax-9 reactor in Hall C produces 42 megawatts of power.",
            "Our cafeteria serves lasagna every Thursday.",
            "The office in Lisbon opens at 8:30 in the morning.",
            "Quarterly reports are due on the fifth working day of the quarter.",
            "Visitors must wear a blue badge at all times.");

    static final String INSERT =
            """
            {"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
              "mode":"insert","memoryKey":"kb","clearStore":true}},
            {"name":"Local Embeddings","type":"hetumind.embeddingsLocal"},
            {"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":{
              "jsonMode":"expressionData","jsonData":"={{ $json.text }}","textSplittingMode":"custom"}},
            {"name":"Splitter","type":"hetumind.textSplitterRecursiveCharacterTextSplitter","parameters":{"chunkSize":200}}
            """;
    static final String INSERT_WIRES =
            """
            "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
            "Local Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
            "Loader":{"ai_document":[[{"node":"Store","type":"ai_document","index":0}]]},
            "Splitter":{"ai_textSplitter":[[{"node":"Loader","type":"ai_textSplitter","index":0}]]}
            """;
    static final String ASK =
            """
            {"name":"QA","type":"hetumind.chainRetrievalQa","typeVersion":1.6,"parameters":{
              "promptType":"define","text":"={{ $json.question }}"}},
            {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
            {"name":"Retriever","type":"hetumind.retrieverVectorStore","parameters":{"topK":1}},
            {"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{"mode":"retrieve","memoryKey":"kb"}},
            {"name":"Local Embeddings","type":"hetumind.embeddingsLocal"}
            """;
    static final String ASK_WIRES =
            """
            "Start":{"main":[[{"node":"QA","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"QA","type":"ai_languageModel","index":0}]]},
            "Retriever":{"ai_retriever":[[{"node":"QA","type":"ai_retriever","index":0}]]},
            "Store":{"ai_vectorStore":[[{"node":"Retriever","type":"ai_vectorStore","index":0}]]},
            "Local Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
            """;

    @Test
    void answersFromTheStoredDocumentOnly() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            List<Item> docs = new ArrayList<>();
            DOCS.forEach(d -> docs.add(AiRun.item("{\"text\":\"" + d + "\"}")));
            ExecutionResult inserted = run.run(AiRun.workflow(INSERT, INSERT_WIRES), docs);
            assertThat(inserted.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(inserted.output("Store", 0)).hasSize(5);
            var insertData = inserted.toJson().get("runData");
            assertThat(insertData.get("Local Embeddings"))
                    .as("one embedding call per item")
                    .hasSize(5);
            assertThat(insertData.get("Loader")).as("one load per item").hasSize(5);
            var load = insertData.get("Loader").get(0);
            assertThat(load.get("source").get(0).get("previousNode").asText()).isEqualTo("Store");
            assertThat(load.get("inputOverride")
                            .get("ai_document")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("text")
                            .asText())
                    .isEqualTo(DOCS.getFirst());
            assertThat(insertData.get("Splitter")).as("one split per document").hasSize(5);
            var split = insertData.get("Splitter").get(0);
            assertThat(split.get("source").get(0).get("previousNode").asText()).isEqualTo("Loader");
            assertThat(split.get("inputOverride")
                            .get("ai_textSplitter")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("textSplitter")
                            .asText())
                    .isEqualTo(DOCS.getFirst());
            assertThat(split.get("data")
                            .get("ai_textSplitter")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("response"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.asText()).isEqualTo(DOCS.getFirst()));

            p.thenJson(FakeProvider.openAiText("The Zorblax-9 reactor produces 42 megawatts."));
            ExecutionResult asked = run.run(
                    AiRun.workflow(ASK, ASK_WIRES),
                    List.of(AiRun.item("{\"question\":\"How much power does the Zorblax-9 reactor generate?\"}")));
            assertThat(asked.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(asked.lastOutput().getFirst().json().get("response").asText())
                    .isEqualTo("The Zorblax-9 reactor produces 42 megawatts.");
            String system = p.requests
                    .getFirst()
                    .body()
                    .get("messages")
                    .get(0)
                    .get("content")
                    .asText();
            assertThat(system).contains("Context: The Zorblax-9 reactor in Hall C produces 42 megawatts of power.");
            assertThat(system).doesNotContain("lasagna", "Lisbon", "badge", "Quarterly");

            // each sub-node's call is its run, its source the node it is attached to (n8n's parentNode)
            var runData = asked.toJson().get("runData");
            assertThat(source(runData, "GPT")).isEqualTo("QA");
            assertThat(source(runData, "Retriever")).isEqualTo("QA");
            assertThat(source(runData, "Store")).isEqualTo("Retriever");
            assertThat(source(runData, "Local Embeddings")).isEqualTo("Store");
            var retrieved = runData.get("Retriever").get(0);
            assertThat(retrieved
                            .get("inputOverride")
                            .get("ai_retriever")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("query")
                            .asText())
                    .isEqualTo("How much power does the Zorblax-9 reactor generate?");
            assertThat(retrieved
                            .get("data")
                            .get("ai_retriever")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("response"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.get("pageContent").asText()).contains("42 megawatts"));
            var searched = runData.get("Store").get(0);
            assertThat(searched.get("inputOverride")
                            .get("ai_vectorStore")
                            .get(0)
                            .get(0)
                            .get("json")
                            .toString())
                    .isEqualTo("{\"query\":\"How much power does the Zorblax-9 reactor generate?\",\"k\":1,"
                            + "\"filter\":null}");
            var embedded = runData.get("Local Embeddings").get(0);
            assertThat(embedded.get("data")
                            .get("ai_embedding")
                            .get(0)
                            .get(0)
                            .get("json")
                            .get("response"))
                    .singleElement()
                    .satisfies(v -> assertThat(v).hasSize(384));
        }
    }

    private static String source(com.fasterxml.jackson.databind.JsonNode runData, String node) {
        assertThat(runData.get(node)).as(node).hasSize(1);
        assertThat(runData.get(node).get(0).get("executionStatus").asText()).isEqualTo("success");
        return runData.get(node).get(0).get("source").get(0).get("previousNode").asText();
    }

    @Test
    void answersFromAPdfLoadedThroughTheDefaultDataLoader() throws Exception {
        String insert =
                """
                {"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                  "mode":"insert","memoryKey":"manual","clearStore":true}},
                {"name":"Local Embeddings","type":"hetumind.embeddingsLocal"},
                {"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":{
                  "dataType":"binary","binaryMode":"specificField","binaryDataKey":"file","loader":"pdfLoader",
                  "options":{"splitPages":true}}}
                """;
        String insertWires =
                """
                "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
                "Local Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
                "Loader":{"ai_document":[[{"node":"Store","type":"ai_document","index":0}]]}
                """;
        // one page per fact: the loader makes one document per page, the store one vector each
        byte[] pdf = BinaryLoaderTest.pdf("Site manual", DOCS.toArray(String[]::new));
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            Item withPdf = AiRun.item("{}")
                    .withBinary(java.util.Map.of("file", run.putBinary(pdf, "application/pdf", "manual.pdf")));
            ExecutionResult inserted = run.run(AiRun.workflow(insert, insertWires), List.of(withPdf));
            assertThat(inserted.status()).as(() -> inserted.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(inserted.output("Store", 0)).hasSize(5);

            p.thenJson(FakeProvider.openAiText("42 megawatts."));
            ExecutionResult asked = run.run(
                    AiRun.workflow(ASK.replace("\"kb\"", "\"manual\""), ASK_WIRES),
                    List.of(AiRun.item("{\"question\":\"How much power does the Zorblax-9 reactor generate?\"}")));
            assertThat(asked.status()).isEqualTo(ExecutionStatus.SUCCESS);
            String system = p.requests
                    .getFirst()
                    .body()
                    .get("messages")
                    .get(0)
                    .get("content")
                    .asText();
            assertThat(system).contains("Context: The Zorblax-9 reactor in Hall C produces 42 megawatts of power.");
            assertThat(system).doesNotContain("lasagna", "Lisbon", "badge", "Quarterly");
        }
    }

    @Test
    void embeddingThroughputOnTheseCores() {
        var model = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
        List<dev.langchain4j.data.segment.TextSegment> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add(dev.langchain4j.data.segment.TextSegment.from(
                    DOCS.get(i % DOCS.size()) + " Sentence number " + i + "."));
        }
        model.embedAll(texts.subList(0, 20)); // warm up
        long t0 = System.nanoTime();
        var out = model.embedAll(texts).content();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "local embeddings: %d sentences in %.2f s = %.0f sentences/s, %d dimensions%n",
                out.size(), seconds, out.size() / seconds, out.getFirst().dimension());
        assertThat(out).hasSize(200);
        assertThat(out.getFirst().dimension()).isEqualTo(384);
    }
}
