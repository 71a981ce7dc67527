package io.hetumind.studio.engine;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.platform.db.Jdbc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Binary data in PostgreSQL (table {@code binary_data}), for an instance of several studio processes: a webhook's
 * upload taken by an API pod is read by the worker that claims the queued run, by the worker that resumes it after a
 * crash, and by the binary endpoint on any replica, none of which share a disk. A file is stored in chunks of at most
 * {@link #CHUNK} bytes, one row each, in one transaction (a file over the limit leaves nothing), and read back one
 * chunk at a time. References are {@code <namespace>/<file uuid>}, as the file store's.
 */
public final class PgBinaryStore implements BinaryStore {
    static final int CHUNK = 1 << 20;

    private final Jdbc db;
    private final long maxBytes;
    private final int chunkSize;

    /** {@code maxBytes} bounds one file (a larger one is refused, nothing is kept). */
    public PgBinaryStore(Jdbc db, long maxBytes) {
        this(db, maxBytes, CHUNK);
    }

    PgBinaryStore(Jdbc db, long maxBytes, int chunkSize) {
        this.db = db;
        this.maxBytes = maxBytes;
        this.chunkSize = chunkSize;
    }

    @Override
    public BinaryRef put(String executionId, InputStream data, String mimeType, String fileName) throws IOException {
        String namespace = namespace(executionId);
        UUID file = UUID.randomUUID();
        long size;
        try {
            size = db.txChecked(c -> write(c, namespace, file, data));
        } catch (SQLException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("storing binary data failed: " + e.getMessage(), e);
        }
        return BinaryRef.stored(namespace + "/" + file, mimeType, fileName, size);
    }

    private long write(Connection c, String namespace, UUID file, InputStream data) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO binary_data (namespace, file, seq, chunk) VALUES (?, ?, ?, ?)")) {
            byte[] buf = new byte[chunkSize];
            long total = 0;
            int seq = 0;
            while (true) {
                int n = data.readNBytes(buf, 0, buf.length);
                total += n;
                if (total > maxBytes) {
                    throw new SQLException(
                            "too large",
                            new IOException("binary data larger than the limit of " + maxBytes + " bytes"));
                }
                if (n > 0 || seq == 0) {
                    ps.setString(1, namespace);
                    ps.setObject(2, file);
                    ps.setInt(3, seq++);
                    ps.setBytes(4, n == buf.length ? buf : java.util.Arrays.copyOf(buf, n));
                    ps.executeUpdate();
                }
                if (n < buf.length) {
                    return total;
                }
            }
        } catch (IOException e) {
            throw new SQLException("reading the data failed", e);
        }
    }

    @Override
    public InputStream open(BinaryRef ref) throws IOException {
        Ref r = parse(ref);
        byte[] first = chunk(r, 0);
        if (first == null) {
            throw new NoSuchFileException(ref.id(), null, "binary data is no longer stored");
        }
        return new ChunkStream(r, first);
    }

    @Override
    public BinaryRef copyTo(String executionId, BinaryRef ref) throws IOException {
        Ref from = parse(ref);
        String namespace = namespace(executionId);
        UUID file = UUID.randomUUID();
        int copied;
        try {
            copied = db.txChecked(c -> Jdbc.update(
                    c,
                    "INSERT INTO binary_data (namespace, file, seq, chunk) SELECT ?, ?, seq, chunk FROM binary_data"
                            + " WHERE namespace = ? AND file = ?",
                    namespace,
                    file,
                    from.namespace(),
                    from.file()));
        } catch (SQLException e) {
            throw new IOException("copying binary data failed: " + e.getMessage(), e);
        }
        if (copied == 0) {
            throw new NoSuchFileException(ref.id(), null, "binary data is no longer stored");
        }
        return ref.withId(namespace + "/" + file);
    }

    @Override
    public void deleteExecution(String executionId) throws IOException {
        String namespace = namespace(executionId);
        try {
            db.txChecked(c -> Jdbc.update(c, "DELETE FROM binary_data WHERE namespace = ?", namespace));
        } catch (SQLException e) {
            throw new IOException("deleting binary data failed: " + e.getMessage(), e);
        }
    }

    /** Each namespace with the time its newest file was stored. */
    @Override
    public List<Namespace> namespaces() throws IOException {
        try {
            return db.read(c -> Jdbc.list(
                    c,
                    "SELECT namespace, max(created_at) FROM binary_data GROUP BY namespace",
                    rs -> new Namespace(rs.getString(1), rs.getTimestamp(2).toInstant())));
        } catch (SQLException e) {
            throw new IOException("listing binary data failed: " + e.getMessage(), e);
        }
    }

    private byte[] chunk(Ref r, int seq) throws IOException {
        try {
            return db.read(c -> Jdbc.one(
                    c,
                    "SELECT chunk FROM binary_data WHERE namespace = ? AND file = ? AND seq = ?",
                    rs -> rs.getBytes(1),
                    r.namespace(),
                    r.file(),
                    seq));
        } catch (SQLException e) {
            throw new IOException("reading binary data failed: " + e.getMessage(), e);
        }
    }

    private static String namespace(String executionId) throws IOException {
        if (executionId == null || !BinaryRef.ID_PART.matcher(executionId).matches()) {
            throw new IOException("invalid binary id part '" + executionId + "'");
        }
        return executionId;
    }

    private record Ref(String namespace, UUID file) {}

    private static Ref parse(BinaryRef ref) throws IOException {
        String[] parts = ref.id() == null ? new String[0] : ref.id().split("/", -1);
        if (parts.length != 2) {
            throw new IOException("invalid binary reference '" + ref.id() + "'");
        }
        try {
            return new Ref(namespace(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid binary id part '" + parts[1] + "'");
        }
    }

    /** The file's bytes, a chunk at a time; the next chunk is read when the one in hand is used up. */
    private final class ChunkStream extends InputStream {
        private final Ref ref;
        private byte[] chunk;
        private int pos;
        private int seq;

        ChunkStream(Ref ref, byte[] first) {
            this.ref = ref;
            this.chunk = first;
        }

        private boolean more() throws IOException {
            while (chunk != null && pos >= chunk.length) {
                // a full chunk may be followed by another; a short one is the last
                chunk = chunk.length == chunkSize ? chunk(ref, ++seq) : null;
                pos = 0;
            }
            return chunk != null;
        }

        @Override
        public int read() throws IOException {
            return more() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!more()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
