package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadBinaryFilesNodeTest {

    @TempDir
    Path tmp;

    private Path base;
    private FileBinaryStore store;

    @BeforeEach
    void files() throws Exception {
        base = Files.createDirectories(tmp.resolve("allowed"));
        store = new FileBinaryStore(Files.createDirectories(tmp.resolve("store")), 1 << 20);
        Files.writeString(base.resolve("a.txt"), "alpha");
        Files.writeString(base.resolve("b.txt"), "beta");
        Files.writeString(base.resolve(".hidden.txt"), "secret");
        Files.createDirectories(base.resolve("sub/deeper"));
        Files.writeString(base.resolve("sub/c.json"), "{}");
        Files.writeString(base.resolve("sub/deeper/d.json"), "[]");
        Files.write(base.resolve("sub/binary.data"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        Files.writeString(tmp.resolve("outside.txt"), "nope");
    }

    private ExecutionResult read(String selector, FilesDir dir) {
        NodeRunner runner = new NodeRunner(new ReadBinaryFilesNode()).binaryStore(store);
        if (dir != null) {
            runner.service(FilesDir.class, dir);
        }
        return runner.run(1, Json.object().put("fileSelector", selector), null);
    }

    private static List<String> names(ExecutionResult r, String property) {
        assertThat(r.status()).as("error %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).stream()
                .map(i -> i.binary().get(property).fileName())
                .toList();
    }

    @Test
    void readsRelativeGlobsSortedWithoutDotFiles() throws Exception {
        ExecutionResult r = read("*.txt", new FilesDir(base));
        assertThat(names(r, "data")).containsExactly("a.txt", "b.txt");
        Item first = r.output("Node", 0).getFirst();
        BinaryRef ref = first.binary().get("data");
        assertThat(new String(store.read(ref), StandardCharsets.UTF_8)).isEqualTo("alpha");
        assertThat(ref.mimeType()).isEqualTo("text/plain");
        assertThat(ref.fileSize()).isEqualTo(5);
        assertThat(first.json()).isEmpty();
    }

    @Test
    void doubleStarMatchesAnyDepthIncludingNone() {
        assertThat(names(read("sub/**/*.json", new FilesDir(base)), "data")).containsExactly("c.json", "d.json");
    }

    @Test
    void absolutePathsInsideTheBaseWorkAndUnknownExtensionsAreSniffed() {
        ExecutionResult r = new NodeRunner(new ReadBinaryFilesNode())
                .binaryStore(store)
                .service(FilesDir.class, new FilesDir(base))
                .run(
                        1,
                        Json.object()
                                .put(
                                        "fileSelector",
                                        base.resolve("sub/binary.data").toString())
                                .put("dataPropertyName", "file"),
                        null);
        assertThat(names(r, "file")).containsExactly("binary.data");
        assertThat(r.output("Node", 0).getFirst().binary().get("file").mimeType())
                .isEqualTo("image/png");
    }

    @Test
    void noMatchIsNoItems() {
        assertThat(names(read("*.csv", new FilesDir(base)), "data")).isEmpty();
        assertThat(names(read("missing/*.txt", new FilesDir(base)), "data")).isEmpty();
    }

    @Test
    void pathsOutsideTheBaseAreRefused() {
        assertThat(NodeTests.error(read("../outside.txt", new FilesDir(base)))).contains("reaches outside");
        assertThat(NodeTests.error(read(tmp.resolve("outside.txt").toString(), new FilesDir(base))))
                .contains("reaches outside");
        assertThat(NodeTests.error(read("sub/../../*.txt", new FilesDir(base)))).contains("reaches outside");
    }

    @Test
    void symlinksEscapingTheBaseAreRefused() throws Exception {
        try {
            Files.createSymbolicLink(base.resolve("link.txt"), tmp.resolve("outside.txt"));
            Files.createSymbolicLink(base.resolve("linkdir"), tmp);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            assumeTrue(false, "symbolic links not supported here");
        }
        assertThat(NodeTests.error(read("link.txt", new FilesDir(base)))).contains("reaches outside");
        assertThat(NodeTests.error(read("linkdir/*.txt", new FilesDir(base)))).contains("reaches outside");
    }

    @Test
    void withoutAConfiguredDirectoryNothingIsRead() {
        assumeTrue(System.getenv(FilesDir.ENV) == null && System.getProperty(FilesDir.PROPERTY) == null);
        assertThat(NodeTests.error(read("*.txt", null)))
                .contains("reading local files is disabled")
                .contains(FilesDir.ENV);
    }

    @Test
    void theSystemPropertyConfiguresTheDirectory() {
        assumeTrue(System.getenv(FilesDir.ENV) == null && System.getProperty(FilesDir.PROPERTY) == null);
        System.setProperty(FilesDir.PROPERTY, base.toString());
        try {
            assertThat(names(read("b.txt", null), "data")).containsExactly("b.txt");
        } finally {
            System.clearProperty(FilesDir.PROPERTY);
        }
    }

    @Test
    void aMissingBaseDirectoryIsAClearError() {
        assertThat(NodeTests.error(read("*.txt", new FilesDir(tmp.resolve("gone")))))
                .contains("does not exist");
    }
}
