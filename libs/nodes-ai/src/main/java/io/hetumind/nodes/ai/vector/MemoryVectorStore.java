package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The in-process vector stores behind the in-memory vector store node, one per {@code workflowId__memoryKey} (as n8n
 * keys them). Search is exact cosine similarity over every stored vector.
 *
 * <p>◆ Persistable: with {@code hetumind.vector-store.dir} (system property) or {@code HETUMIND_VECTOR_STORE_DIR} set,
 * each store lives in a file there too — written after every change (a gzip JSON snapshot written beside it and
 * moved into place, so a crash leaves the old one or the new one) and read when the store is first used in a
 * process, so a store survives restarts. The file is named by the SHA-256 of the key, so no user text reaches a path;
 * the key inside is checked on reading. Unset, a store is lost on restart, as n8n's is.
 */
public final class MemoryVectorStore {

    /** The system property naming the directory stores are kept in. */
    public static final String DIR_PROPERTY = "hetumind.vector-store.dir";

    /** The environment variable naming it when the property is not set. */
    public static final String DIR_ENV = "HETUMIND_VECTOR_STORE_DIR";

    /** A search hit. */
    public record Match(Doc doc, double score) {}

    private record Entry(Doc doc, float[] vector) {}

    private static final Map<String, MemoryVectorStore> STORES = new HashMap<>();

    private final String key;
    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    private MemoryVectorStore(String key, Path file) {
        this.key = key;
        this.file = file;
    }

    /**
     * The store of {@code key}, read from its file the first time this process uses it when stores are persisted.
     *
     * @throws IllegalStateException when its file cannot be read (the message names the file)
     */
    public static MemoryVectorStore get(String key) {
        synchronized (STORES) {
            MemoryVectorStore store = STORES.get(key);
            if (store == null) {
                Path dir = dir();
                store = new MemoryVectorStore(key, dir == null ? null : dir.resolve(fileName(key)));
                store.load();
                STORES.put(key, store);
            }
            return store;
        }
    }

    /**
     * Forgets every store of this process, as a restart would: the next use of a persisted store reads its file again;
     * an unpersisted store is gone.
     */
    public static void forgetAll() {
        synchronized (STORES) {
            STORES.clear();
        }
    }

    static Path dir() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(DIR_ENV);
        }
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    static String fileName(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash) + ".json.gz";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empties the store (and its file); a file that cannot be written leaves the store as it was. */
    public synchronized void clear() {
        List<Entry> before = List.copyOf(entries);
        entries.clear();
        try {
            save();
        } catch (UncheckedIOException e) {
            entries.addAll(before);
            throw e;
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void add(List<Doc> docs, List<float[]> vectors) {
        if (!entries.isEmpty()
                && !vectors.isEmpty()
                && entries.getFirst().vector().length != vectors.getFirst().length) {
            throw new IllegalArgumentException(
                    "the store holds vectors of " + entries.getFirst().vector().length + " dimensions; these have "
                            + vectors.getFirst().length + " (a different embedding model?)");
        }
        int before = entries.size();
        for (int i = 0; i < docs.size(); i++) {
            entries.add(new Entry(docs.get(i), vectors.get(i)));
        }
        try {
            save();
        } catch (UncheckedIOException e) {
            entries.subList(before, entries.size()).clear(); // the store stays as its file says
            throw e;
        }
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            JsonNode root = Json.reader().readTree(in);
            if (root == null
                    || !key.equals(root.path("key").asText(null))
                    || !root.path("entries").isArray()) {
                throw new IOException("it does not hold this store");
            }
            for (JsonNode e : root.path("entries")) {
                JsonNode metadata = e.path("metadata");
                entries.add(new Entry(
                        new Doc(e.path("pageContent").asText(), metadata.isObject() ? (ObjectNode) metadata : null),
                        floats(Base64.getDecoder().decode(e.path("vector").asText()))));
            }
        } catch (IOException | RuntimeException e) {
            entries.clear();
            throw new IllegalStateException(
                    "the vector store file " + file + " cannot be read (" + e.getMessage()
                            + "); move it away to start this store empty",
                    e);
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = Json.object().put("version", 1).put("key", key);
        ArrayNode list = root.putArray("entries");
        for (Entry e : entries) {
            ObjectNode o = list.addObject().put("pageContent", e.doc().pageContent());
            if (e.doc().metadata() != null) {
                o.set("metadata", e.doc().metadata());
            }
            o.put("vector", Base64.getEncoder().encodeToString(bytes(e.vector())));
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".store-", ".tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                Json.writer().writeValue(out, root);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the vector store file " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static float[] floats(byte[] raw) {
        if (raw.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a vector of " + raw.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[raw.length / Float.BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    public synchronized List<Match> search(float[] query, int topK) {
        if (!entries.isEmpty() && entries.getFirst().vector().length != query.length) {
            throw new IllegalArgumentException(
                    "the store holds vectors of " + entries.getFirst().vector().length + " dimensions; the query has "
                            + query.length + " (a different embedding model?)");
        }
        return entries.stream()
                .map(e -> new Match(e.doc(), cosine(query, e.vector())))
                .sorted(Comparator.comparingDouble(Match::score).reversed())
                .limit(topK)
                .toList();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
