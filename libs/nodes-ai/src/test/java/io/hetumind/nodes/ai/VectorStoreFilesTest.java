package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.nodes.ai.vector.MemoryVectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory vector store persisted to files ({@code hetumind.vector-store.dir}): what one process inserted, a
 * restarted one finds; a clear empties the file; a damaged file fails the node naming it, and nothing else.
 */
class VectorStoreFilesTest {

    @TempDir
    Path dir;

    private static final String INSERT = VectorStoreTest.EMBEDDINGS
            + """
            ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
              "mode":"insert","memoryKey":"kept","clearStore":%s}},
            {"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":{
              "jsonMode":"expressionData","jsonData":"={{ $json.text }}"}}
            """;
    private static final String INSERT_WIRES =
            """
            "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
            "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
            "Loader":{"ai_document":[[{"node":"Store","type":"ai_document","index":0}]]}
            """;
    private static final String LOAD = VectorStoreTest.EMBEDDINGS
            + """
            ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
              "mode":"load","memoryKey":"kept","prompt":"={{ $json.q }}","topK":2}}
            """;
    private static final String LOAD_WIRES =
            """
            "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
            "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
            """;

    @BeforeEach
    void persist() {
        System.setProperty(MemoryVectorStore.DIR_PROPERTY, dir.toString());
        MemoryVectorStore.forgetAll();
    }

    @AfterEach
    void stop() {
        System.clearProperty(MemoryVectorStore.DIR_PROPERTY);
        MemoryVectorStore.forgetAll();
    }

    @Test
    void aStoreOutlivesItsProcessIsClearedWithItsFileAndADamagedFileIsAClearError() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.route(r -> r.path().endsWith("/embeddings")
                    ? FakeProvider.openAiEmbeddings(r, VectorStoreTest::vector)
                    : null);
            AiRun run = AiRun.openAi(p);
            ExecutionResult inserted = run.run(
                    AiRun.workflow(INSERT.formatted("false"), INSERT_WIRES),
                    List.of(
                            AiRun.item("{\"text\":\"Cats sleep all day\"}"),
                            AiRun.item("{\"text\":\"Dogs ünïcode\"}")));
            assertThat(inserted.status()).as(() -> inserted.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            List<Path> files = files();
            assertThat(files)
                    .singleElement()
                    .satisfies(f -> assertThat(f.getFileName().toString()).matches("[0-9a-f]{64}\\.json\\.gz"));

            MemoryVectorStore.forgetAll(); // a restart: only the file is left
            ExecutionResult loaded =
                    run.run(AiRun.workflow(LOAD, LOAD_WIRES), List.of(AiRun.item("{\"q\":\"my dog\"}")));
            assertThat(loaded.status()).as(() -> loaded.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(loaded.lastOutput())
                    .extracting(
                            i -> i.json().path("document").path("pageContent").asText())
                    .containsExactly("Dogs ünïcode", "Cats sleep all day");

            // clearStore replaces what the file holds
            run.run(
                    AiRun.workflow(INSERT.formatted("true"), INSERT_WIRES),
                    List.of(AiRun.item("{\"text\":\"Fish swim\"}")));
            MemoryVectorStore.forgetAll();
            ExecutionResult afterClear =
                    run.run(AiRun.workflow(LOAD, LOAD_WIRES), List.of(AiRun.item("{\"q\":\"fish\"}")));
            assertThat(afterClear.lastOutput())
                    .extracting(
                            i -> i.json().path("document").path("pageContent").asText())
                    .containsExactly("Fish swim");

            Files.write(files().getFirst(), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
            MemoryVectorStore.forgetAll();
            ExecutionResult damaged =
                    run.run(AiRun.workflow(LOAD, LOAD_WIRES), List.of(AiRun.item("{\"q\":\"fish\"}")));
            assertThat(damaged.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(damaged.toJson().toString())
                    .contains("the vector store file " + files().getFirst())
                    .contains("move it away to start this store empty");
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(f -> f.toString().endsWith(".json.gz")).toList();
        }
    }
}
