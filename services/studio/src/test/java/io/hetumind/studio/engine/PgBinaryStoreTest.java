package io.hetumind.studio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The PostgreSQL binary store against the test database, with 8-byte chunks so every boundary is crossed. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class PgBinaryStoreTest {
    @Inject
    Jdbc db;

    private PgBinaryStore store() {
        return new PgBinaryStore(db, 40, 8);
    }

    @Test
    void everyLengthAroundTheChunkSizeReadsBackAsWritten() throws IOException {
        PgBinaryStore store = store();
        String ns = UUID.randomUUID().toString();
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 40}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            BinaryRef ref = store.put(ns, new ByteArrayInputStream(data), "image/png", "x.PNG");
            assertThat(ref.id()).startsWith(ns + "/");
            assertThat(ref.fileSize()).isEqualTo(length);
            assertThat(ref.fileExtension()).isEqualTo("png");
            assertThat(ref.fileType()).isEqualTo("image");
            assertThat(store.read(ref)).as("%d bytes, read in blocks", length).isEqualTo(data);
            assertThat(byteByByte(store.open(ref)))
                    .as("%d bytes, read one by one", length)
                    .isEqualTo(data);
        }
    }

    @Test
    void aFileOverTheLimitLeavesNothing() throws IOException {
        PgBinaryStore store = store();
        String ns = "too-big-" + UUID.randomUUID();
        assertThatThrownBy(() -> store.put(ns, new ByteArrayInputStream(new byte[41]), null, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than the limit of 40 bytes");
        assertThat(store.namespaces()).extracting(BinaryStore.Namespace::name).doesNotContain(ns);
    }

    @Test
    void aCopyOutlivesTheOriginalAndDeletesGoByNamespace() throws IOException {
        PgBinaryStore store = store();
        String parent = UUID.randomUUID().toString();
        String child = UUID.randomUUID().toString();
        byte[] data = "shared across executions".getBytes();
        BinaryRef ref = store.put(parent, new ByteArrayInputStream(data), "text/plain", "s.txt");
        BinaryRef copy = store.copyTo(child, ref);
        assertThat(copy.id()).startsWith(child + "/");
        assertThat(store.namespaces()).extracting(BinaryStore.Namespace::name).contains(parent, child);
        store.deleteExecution(parent);
        assertThat(store.namespaces()).extracting(BinaryStore.Namespace::name).doesNotContain(parent);
        assertThat(store.read(copy)).isEqualTo(data);
        assertThatThrownBy(() -> store.read(ref))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no longer stored");
        assertThatThrownBy(() -> store.copyTo("other", ref)).isInstanceOf(NoSuchFileException.class);
        store.deleteExecution(child);
    }

    @Test
    void referencesAndNamespacesAreChecked() {
        PgBinaryStore store = store();
        for (String id : new String[] {"../x", "a/b/c", "ns/not-a-uuid", "/" + UUID.randomUUID(), "x"}) {
            BinaryRef bad = new BinaryRef(id, null, null, null, null, 0);
            assertThatThrownBy(() -> store.open(bad)).as(id).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> store.put("../up", new ByteArrayInputStream(new byte[1]), null, null))
                .hasMessageContaining("invalid binary id part");
        assertThatThrownBy(() -> store.deleteExecution("a b")).hasMessageContaining("invalid binary id part");
    }

    private static byte[] byteByByte(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
            }
            return out.toByteArray();
        }
    }
}
