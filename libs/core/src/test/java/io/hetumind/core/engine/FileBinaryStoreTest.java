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
}
