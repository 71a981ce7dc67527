package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

class ReadWriteFileNodeTest {

    @TempDir
    Path tmp;

    private Path base;
    private FileBinaryStore store;

    @BeforeEach
    void files() throws Exception {
        base = Files.createDirectories(tmp.resolve("allowed"));
        store = new FileBinaryStore(Files.createDirectories(tmp.resolve("store")), 1 << 20);
        Files.writeString(base.resolve("a.txt"), "alpha");
        Files.writeString(base.resolve("b.json"), "{\"b\":1}");
        Files.createDirectories(base.resolve("out"));
        Files.writeString(tmp.resolve("outside.txt"), "nope");
    }

    private NodeRunner runner() {
        return new NodeRunner(new ReadWriteFileNode()).binaryStore(store).service(FilesDir.class, new FilesDir(base));
    }

    private static List<Item> ok(ExecutionResult r) {
        assertThat(r.status()).as("error %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0);
    }

    private Item withBinary(String text, String name) throws Exception {
        BinaryRef ref =
                store.put("exec", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "text/plain", name);
        return new Item(Json.object().put("keep", name), Map.of("data", ref), null);
    }

    @Test
    void readsEveryMatchWithNEightNsMetadata() throws Exception {
        List<Item> out =
                ok(runner().run(1, NodeTests.json("{\"operation\": \"read\", \"fileSelector\": \"*.*\"}"), null));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).json())
                .isEqualTo(
                        NodeTests.json("{\"mimeType\": \"text/plain\", \"fileType\": \"text\", \"fileName\": \"a.txt\","
                                + " \"fileExtension\": \"txt\", \"fileSize\": \"5 B\"}"));
        assertThat(out.get(1).json().get("mimeType").asText()).isEqualTo("application/json");
        assertThat(new String(store.read(out.get(0).binary().get("data")), StandardCharsets.UTF_8))
                .isEqualTo("alpha");
        assertThat(out).allSatisfy(i -> assertThat(i.pairedItem().item()).isZero());
    }

    @Test
    void optionsRenameTheBinaryAndItsField() throws Exception {
        ObjectNode params = NodeTests.json(
                "{\"fileSelector\": \"a.txt\", \"options\": {\"fileName\": \"renamed.bin\","
                        + " \"mimeType\": \"application/octet-stream\", \"fileExtension\": \"bin\", \"dataPropertyName\": \"file\"}}");
        Item item = ok(runner().run(1, params, null)).getFirst();
        BinaryRef ref = item.binary().get("file");
        assertThat(ref.fileName()).isEqualTo("renamed.bin");
        assertThat(ref.mimeType()).isEqualTo("application/octet-stream");
        assertThat(ref.fileExtension()).isEqualTo("bin");
        assertThat(item.json().get("fileName").asText()).isEqualTo("renamed.bin");
        assertThat(item.binary()).doesNotContainKey("data");
    }

    @Test
    void theSelectorIsReadPerItemAndPairsWithIt() {
        List<Item> input = List.of(
                new Item(Json.object().put("p", "b.json"), null, null),
                new Item(Json.object().put("p", "a.txt"), null, null));
        List<Item> out = ok(runner().run(1, NodeTests.json("{\"fileSelector\": \"={{ $json.p }}\"}"), input));
        assertThat(out).extracting(i -> i.json().get("fileName").asText()).containsExactly("b.json", "a.txt");
        assertThat(out).extracting(i -> i.pairedItem().item()).containsExactly(0, 1);
    }

    @Test
    void versionOneFindsNothingQuietlyAndOnePointOneSaysSo() {
        assertThat(ok(runner().run(1, NodeTests.json("{\"fileSelector\": \"*.csv\"}"), null)))
                .isEmpty();
        ExecutionResult r = runner().run(1.1, NodeTests.json("{\"fileSelector\": \"*.csv\"}"), null);
        assertThat(NodeTests.error(r)).contains("No file(s) found").contains("*.csv");
    }

    @Test
    void readingOutsideTheDirectoryOrThroughALinkIsRefused() throws Exception {
        assertThat(NodeTests.error(runner().run(1, NodeTests.json("{\"fileSelector\": \"../outside.txt\"}"), null)))
                .contains("reaches outside");
        try {
            Files.createSymbolicLink(base.resolve("alias.txt"), base.resolve("a.txt"));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            assumeTrue(false, "symbolic links not supported here");
        }
        assertThat(NodeTests.error(runner().run(1, NodeTests.json("{\"fileSelector\": \"alias.txt\"}"), null)))
                .contains("Symlinks are not allowed");
    }

    @Test
    void writesTheBinaryAndPassesTheItemOn() throws Exception {
        ObjectNode params = NodeTests.json("{\"operation\": \"write\", \"fileName\": \"out/hello.txt\"}");
        Item out = ok(runner().run(1, params, List.of(withBinary("hello", "h.txt"))))
                .getFirst();
        assertThat(Files.readString(base.resolve("out/hello.txt"))).isEqualTo("hello");
        assertThat(out.json()).isEqualTo(NodeTests.json("{\"keep\": \"h.txt\", \"fileName\": \"out/hello.txt\"}"));
        assertThat(out.binary()).containsKey("data");
        // writing again replaces the content
        ok(runner().run(1, params, List.of(withBinary("hi", "h.txt"))));
        assertThat(Files.readString(base.resolve("out/hello.txt"))).isEqualTo("hi");
    }

    @Test
    void appendCreatesAMissingFileThenAddsToIt() throws Exception {
        ObjectNode params = NodeTests.json("{\"operation\": \"write\", \"fileName\": \"" + base.resolve("log.txt")
                + "\", \"options\": {\"append\": true}}");
        ok(runner().run(1, params, List.of(withBinary("one\n", "x"), withBinary("two\n", "y"))));
        assertThat(Files.readString(base.resolve("log.txt"))).isEqualTo("one\ntwo\n");
    }

    @Test
    void writingOutsideIntoAMissingFolderOntoALinkOrADirectoryIsRefused() throws Exception {
        String outside = runner().run(
                        1,
                        NodeTests.json("{\"operation\": \"write\", \"fileName\": \"../escape.txt\"}"),
                        List.of(withBinary("x", "x")))
                .state()
                .error()
                .message();
        assertThat(outside).contains("is not writable");
        assertThat(Files.exists(tmp.resolve("escape.txt"))).isFalse();
        assertThat(NodeTests.error(runner().run(
                                1,
                                NodeTests.json("{\"operation\": \"write\", \"fileName\": \"nope/x.txt\"}"),
                                List.of(withBinary("x", "x")))))
                .contains("does not exist");
        assertThat(NodeTests.error(runner().run(
                                1,
                                NodeTests.json("{\"operation\": \"write\", \"fileName\": \"out\"}"),
                                List.of(withBinary("x", "x")))))
                .contains("not a regular file");
        try {
            Files.createSymbolicLink(base.resolve("link.txt"), tmp.resolve("outside.txt"));
            Files.createSymbolicLink(base.resolve("linkdir"), tmp);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            assumeTrue(false, "symbolic links not supported here");
        }
        assertThat(NodeTests.error(runner().run(
                                1,
                                NodeTests.json("{\"operation\": \"write\", \"fileName\": \"link.txt\"}"),
                                List.of(withBinary("x", "x")))))
                .contains("Symlinks are not allowed");
        assertThat(Files.readString(tmp.resolve("outside.txt"))).isEqualTo("nope");
        assertThat(NodeTests.error(runner().run(
                                1,
                                NodeTests.json("{\"operation\": \"write\", \"fileName\": \"linkdir/escape.txt\"}"),
                                List.of(withBinary("x", "x")))))
                .contains("is not writable");
        assertThat(Files.exists(tmp.resolve("escape.txt"))).isFalse();
    }

    @Test
    void aMissingBinaryFieldFailsItsItemInLineWhenContinuing() throws Exception {
        ObjectNode params = NodeTests.json("{\"operation\": \"write\", \"fileName\": \"={{ $json.keep }}\"}");
        List<Item> input = List.of(
                withBinary("1", "one.txt"),
                new Item(Json.object().put("keep", "two.txt"), null, null),
                withBinary("3", "three.txt"));
        ExecutionResult stop = runner().run(1, params, input);
        assertThat(NodeTests.error(stop)).contains("binary file 'data'").contains("[item 1]");
        List<Item> out = ok(runner().onError(OnError.CONTINUE).run(1, params, input));
        assertThat(out).hasSize(3);
        assertThat(out.get(1).json().get("error").asText()).contains("binary file 'data'");
        assertThat(out.get(2).json().get("fileName").asText()).isEqualTo("three.txt");
        assertThat(Files.readString(base.resolve("three.txt"))).isEqualTo("3");
    }

    @Test
    void sizesReadAsNEightNShowsThem() {
        assertThat(BinaryFiles.prettySize(0)).isEqualTo("0 B");
        assertThat(BinaryFiles.prettySize(5)).isEqualTo("5 B");
        assertThat(BinaryFiles.prettySize(999)).isEqualTo("999 B");
        assertThat(BinaryFiles.prettySize(1000)).isEqualTo("1 kB");
        assertThat(BinaryFiles.prettySize(1536)).isEqualTo("1.54 kB");
        assertThat(BinaryFiles.prettySize(12_345)).isEqualTo("12.3 kB");
        assertThat(BinaryFiles.prettySize(999_999)).isEqualTo("1000 kB");
        assertThat(BinaryFiles.prettySize(5_500_000)).isEqualTo("5.5 MB");
    }
}
