package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hetumind.core.spi.ProcessedDataStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's history of what nodes processed: kept across instances, removed when emptied, updated one at a time. */
class FileProcessedDataStoreTest {

    @TempDir
    Path root;

    /** One read-modify-write of a counter: lost updates would show as a smaller count. */
    static void increment(ProcessedDataStore store) {
        store.update("w", "c", slot -> {
            int n = slot.value() == null ? 0 : slot.value().asInt();
            slot.set(IntNode.valueOf(n + 1));
            return null;
        });
    }

    private static int count(ProcessedDataStore store) {
        return store.update(
                "w", "c", slot -> slot.value() == null ? 0 : slot.value().asInt());
    }

    @Test
    void aValueIsKeptPerWorkflowAndContextAcrossInstancesAndGoesWhenEmptied() throws Exception {
        Path dir = root.resolve("processed-data"); // made on the first update
        FileProcessedDataStore first = new FileProcessedDataStore(dir);
        assertThat(dir).doesNotExist();
        first.update("w1", "n:a", slot -> {
            assertThat(slot.value()).isNull();
            slot.set(TextNode.valueOf("kept"));
            return null;
        });
        first.update("w1", "", slot -> {
            slot.set(TextNode.valueOf("workflow's"));
            return null;
        });
        FileProcessedDataStore second = new FileProcessedDataStore(dir);
        assertThat(second.<String>update("w1", "n:a", slot -> slot.value().asText()))
                .isEqualTo("kept");
        assertThat(second.<String>update("w1", "", slot -> slot.value().asText()))
                .isEqualTo("workflow's");
        assertThat(second.<JsonNode>update("w2", "n:a", slot -> slot.value())).isNull();
        // a change that fails keeps nothing of it
        try {
            second.update("w1", "n:a", slot -> {
                slot.set(TextNode.valueOf("half"));
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the value stays
        }
        assertThat(first.<String>update("w1", "n:a", slot -> slot.value().asText()))
                .isEqualTo("kept");
        second.update("w1", "n:a", slot -> {
            slot.set(null);
            return null;
        });
        assertThat(first.<JsonNode>update("w1", "n:a", slot -> slot.value())).isNull();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .hasSize(1); // only the workflow's value is left
        }
    }

    @Test
    void updatesFromThreadsAndOtherProcessesTakeTurns() throws Exception {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<Process> others = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            others.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            ProcessedDataProbe.class.getName(),
                            root.toString(),
                            "60")
                    .redirectErrorStream(true)
                    .start());
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            FileProcessedDataStore own = new FileProcessedDataStore(root); // an instance per thread, one lock
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 60; i++) {
                    increment(own);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Process p : others) {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("done");
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(count(new FileProcessedDataStore(root))).isEqualTo(5 * 60);
    }
}
