package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** n8n's legacy Read Binary File and Write Binary File, confined to the host's files directory. */
class LegacyBinaryFileNodesTest {

    @TempDir
    Path tmp;

    private Path base;
    private FileBinaryStore store;

    @BeforeEach
    void files() throws Exception {
        base = Files.createDirectories(tmp.resolve("allowed"));
        store = new FileBinaryStore(Files.createDirectories(tmp.resolve("store")), 1 << 20);
        Files.writeString(base.resolve("a.json"), "{\"a\":1}");
        Files.createDirectories(base.resolve("dir"));
        Files.writeString(tmp.resolve("outside.txt"), "nope");
        Files.createSymbolicLink(base.resolve("link.txt"), tmp.resolve("outside.txt"));
    }

    private NodeRunner runner(io.hetumind.core.spi.NodeType type) {
        return new NodeRunner(type).binaryStore(store).service(FilesDir.class, new FilesDir(base));
    }

    private Item withBinary(String text) throws Exception {
        BinaryRef ref = store.put(
                "exec", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "text/plain", "t.txt");
        return new Item(Json.object().put("keep", 1), Map.of("old", ref), null);
    }

    @Test
    void readsOneFileIntoEachItemKeepingItsJsonAndBinaries() throws Exception {
        ExecutionResult r = runner(new ReadBinaryFileNode())
                .run(
                        1,
                        NodeTests.json("{\"filePath\": \"a.json\", \"dataPropertyName\": \"file\"}"),
                        List.of(withBinary("x")));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        Item out = r.output("Node", 0).getFirst();
        assertThat(out.json().path("keep").asInt()).isEqualTo(1);
        assertThat(out.binary()).containsOnlyKeys("old", "file");
        BinaryRef file = out.binary().get("file");
        assertThat(file.fileName()).isEqualTo("a.json");
        assertThat(file.mimeType()).isEqualTo("application/json");
        assertThat(new String(store.read(file), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void refusesWhatLiesOutsideOrIsNoFile() {
        NodeRunner read = runner(new ReadBinaryFileNode());
        assertThat(NodeTests.error(read.run(1, NodeTests.json("{\"filePath\": \"../outside.txt\"}"), null)))
                .isEqualTo("parameter 'filePath': '../outside.txt' reaches outside the files directory this host"
                        + " allows [item 0]");
        assertThat(NodeTests.error(read.run(1, NodeTests.json("{\"filePath\": \"link.txt\"}"), null)))
                .isEqualTo("Symlinks are not allowed: 'link.txt' [item 0]");
        assertThat(NodeTests.error(read.run(1, NodeTests.json("{\"filePath\": \"dir\"}"), null)))
                .isEqualTo("parameter 'filePath': 'dir' is not a file [item 0]");
        assertThat(NodeTests.error(read.run(1, NodeTests.json("{\"filePath\": \"missing.bin\"}"), null)))
                .isEqualTo("The file \"missing.bin\" could not be accessed. [item 0]");
        ExecutionResult continued = runner(new ReadBinaryFileNode())
                .onError(OnError.CONTINUE)
                .run(1, NodeTests.json("{\"filePath\": \"missing.bin\"}"), null);
        assertThat(continued.output("Node", 0).getFirst().json().path("error").asText())
                .isEqualTo("The file \"missing.bin\" could not be accessed. [item 0]");
    }

    @Test
    void writesAndAppendsAndNamesTheFile() throws Exception {
        NodeRunner write = runner(new WriteBinaryFileNode());
        String params = "{\"fileName\": \"dir/out.txt\", \"dataPropertyName\": \"old\"}";
        ExecutionResult r = write.run(1, NodeTests.json(params), List.of(withBinary("one")));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        Item out = r.output("Node", 0).getFirst();
        assertThat(out.json().path("fileName").asText()).isEqualTo("dir/out.txt");
        assertThat(out.json().path("keep").asInt()).isEqualTo(1);
        assertThat(out.binary()).containsOnlyKeys("old");
        write.run(
                1,
                NodeTests.json(
                        "{\"fileName\": \"dir/out.txt\", \"dataPropertyName\": \"old\", \"options\": {\"append\": true}}"),
                List.of(withBinary("two")));
        assertThat(Files.readString(base.resolve("dir/out.txt"))).isEqualTo("onetwo");
        assertThat(NodeTests.error(write.run(
                        1,
                        NodeTests.json("{\"fileName\": \"../escape.txt\", \"dataPropertyName\": \"old\"}"),
                        List.of(withBinary("x")))))
                .contains("escape.txt");
        assertThat(Files.exists(tmp.resolve("escape.txt"))).isFalse();
    }
}
