package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.model.BinaryRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBinaryStoreTest {

    @Test
    void storesReadsAndDeletesPerExecution(@TempDir Path dir) throws IOException {
        FileBinaryStore store = new FileBinaryStore(dir, 1024);
        BinaryRef ref = store.put("exec-1", new ByteArrayInputStream("hello".getBytes()), "text/plain", "a.TXT");
        assertThat(ref.fileSize()).isEqualTo(5);
        assertThat(ref.fileExtension()).isEqualTo("txt");
        assertThat(ref.fileType()).isEqualTo("text");
        assertThat(new String(store.read(ref))).isEqualTo("hello");
        store.deleteExecution("exec-1");
        assertThat(Files.exists(dir.resolve("exec-1"))).isFalse();
    }

    @Test
    void refusesOversizedDataAndKeepsNothing(@TempDir Path dir) throws IOException {
        FileBinaryStore store = new FileBinaryStore(dir, 10);
        assertThatThrownBy(() -> store.put("e", new ByteArrayInputStream(new byte[11]), null, null))
                .hasMessageContaining("larger than the limit of 10 bytes");
        try (var files = Files.list(dir.resolve("e"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void referencesCannotEscapeTheRoot(@TempDir Path dir) {
        FileBinaryStore store = new FileBinaryStore(dir.resolve("store"), 10);
        BinaryRef evil = new BinaryRef("../../etc/passwd", null, null, null, null, 0);
        assertThatThrownBy(() -> store.open(evil)).isInstanceOf(IOException.class);
        BinaryRef evil2 = new BinaryRef("../x", null, null, null, null, 0);
        assertThatThrownBy(() -> store.open(evil2)).hasMessageContaining("invalid binary id part '..'");
    }

    @Test
    void listsItsNamespacesWithTheirLastChangeAndNothingElse(@TempDir Path dir) throws IOException {
        FileBinaryStore store = new FileBinaryStore(dir.resolve("store"), 1024);
        assertThat(store.namespaces()).as("no root yet").isEmpty();
        store.put("exec-1", new ByteArrayInputStream(new byte[] {1}), null, null);
        store.put("imap-2", new ByteArrayInputStream(new byte[] {2}), null, null);
        Files.writeString(dir.resolve("store").resolve("stray.txt"), "not a namespace");
        Files.createSymbolicLink(dir.resolve("store").resolve("link"), dir);
        java.time.Instant past = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Files.setLastModifiedTime(dir.resolve("store").resolve("exec-1"), java.nio.file.attribute.FileTime.from(past));
        assertThat(store.namespaces())
                .containsExactlyInAnyOrder(
                        new io.hetumind.core.spi.BinaryStore.Namespace("exec-1", past),
                        new io.hetumind.core.spi.BinaryStore.Namespace(
                                "imap-2",
                                Files.getLastModifiedTime(dir.resolve("store").resolve("imap-2"))
                                        .toInstant()));
        store.deleteExecution("exec-1");
        assertThat(store.namespaces())
                .extracting(io.hetumind.core.spi.BinaryStore.Namespace::name)
                .containsExactly("imap-2");
    }

    @Test
    void aCopyUnderAnotherExecutionOutlivesTheOriginal(@TempDir Path dir) throws IOException {
        FileBinaryStore store = new FileBinaryStore(dir, 1024);
        BinaryRef ref = store.put("parent", new ByteArrayInputStream("shared".getBytes()), "text/plain", "s.txt");
        BinaryRef copy = store.copyTo("child", ref);
        assertThat(copy.id()).startsWith("child/").isNotEqualTo(ref.id());
        assertThat(copy).usingRecursiveComparison().ignoringFields("id").isEqualTo(ref);
        store.deleteExecution("parent");
        assertThat(new String(store.read(copy))).isEqualTo("shared");
        assertThatThrownBy(() -> store.copyTo("other", ref))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("no longer stored");
        assertThatThrownBy(() -> store.copyTo("other", new BinaryRef("../parent", null, null, null, null, 0)))
                .hasMessageContaining("invalid binary");
        assertThatThrownBy(() -> store.copyTo("../up", copy)).hasMessageContaining("invalid binary id part");
    }
}
