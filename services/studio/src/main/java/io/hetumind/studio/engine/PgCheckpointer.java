package io.hetumind.studio.engine;

import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.ExecutionStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The engine's {@link Checkpointer} on PostgreSQL (tables {@code execution_checkpoint} and {@code execution_event}).
 * Every commit is one transaction gated by an {@code UPDATE … WHERE seq = expected AND fence = expected}, so of two
 * owners exactly one advances an execution, and a crash leaves either the whole commit or none of it. The fence is the
 * queue lease: a worker taking over an execution whose lease lapsed calls {@link #fence}, and the old owner's next
 * commit is a {@link CheckpointConflictException}. Snapshots are stored gzipped and drop the journal they cover.
 */
public final class PgCheckpointer implements Checkpointer {
    private final DataSource ds;

    public PgCheckpointer(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return load(c, executionId);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("load", executionId, e);
        }
    }

    private static Optional<Checkpoint> load(Connection c, String executionId) throws SQLException {
        long seq;
        long fence;
        byte[] snapshot;
        long snapshotSeq;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, fence, snapshot, snapshot_seq FROM execution_checkpoint WHERE id = ?")) {
            ps.setString(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                seq = rs.getLong(1);
                fence = rs.getLong(2);
                snapshot = rs.getBytes(3);
                snapshotSeq = rs.getLong(4);
            }
        }
        List<Entry> events = new ArrayList<>();
        if (seq > snapshotSeq) {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, event FROM execution_event"
                    + " WHERE execution_id = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
                ps.setString(1, executionId);
                ps.setLong(2, snapshotSeq);
                ps.setLong(3, seq);
                ps.setFetchSize(2000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Entry(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
        }
        String snapshotJson = snapshot == null ? null : Gzip.decompress(snapshot);
        return Optional.of(new Checkpoint(snapshotJson, snapshotSeq, events, new Version(seq, Long.toString(fence))));
    }

    @Override
    public Version commit(String executionId, Commit commit) {
        byte[] snapshot = commit.snapshotJson() == null ? null : Gzip.compress(commit.snapshotJson());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long fence = advance(c, executionId, commit, snapshot);
                appendEvents(c, executionId, commit.events());
                if (snapshot != null) {
                    try (PreparedStatement ps =
                            c.prepareStatement("DELETE FROM execution_event WHERE execution_id = ? AND seq <= ?")) {
                        ps.setString(1, executionId);
                        ps.setLong(2, commit.lastSeq());
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return new Version(commit.lastSeq(), Long.toString(fence));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("commit", executionId, e);
        }
    }

    /** Moves the checkpoint row to the commit's last event, or throws when the expected version is gone. */
    private static long advance(Connection c, String executionId, Commit commit, byte[] snapshot) throws SQLException {
        Version expected = commit.expected();
        if (expected.seq() == 0 && expected.tag() == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO execution_checkpoint (id, seq, status, wake_at, snapshot, snapshot_seq)"
                            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING fence")) {
                ps.setString(1, executionId);
                ps.setLong(2, commit.lastSeq());
                ps.setString(3, commit.status().name());
                ps.setLong(4, commit.wakeAt());
                ps.setBytes(5, snapshot);
                ps.setLong(6, snapshot == null ? 0 : commit.lastSeq());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new CheckpointConflictException(executionId, "it already exists");
                    }
                    return rs.getLong(1);
                }
            }
        }
        long fence = parseFence(executionId, expected);
        String sql = snapshot == null
                ? "UPDATE execution_checkpoint SET seq = ?, status = ?, wake_at = ?, updated_at = now()"
                        + " WHERE id = ? AND seq = ? AND fence = ? RETURNING fence"
                : "UPDATE execution_checkpoint SET seq = ?, status = ?, wake_at = ?, updated_at = now(),"
                        + " snapshot = ?, snapshot_seq = ? WHERE id = ? AND seq = ? AND fence = ? RETURNING fence";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, commit.lastSeq());
            ps.setString(i++, commit.status().name());
            ps.setLong(i++, commit.wakeAt());
            if (snapshot != null) {
                ps.setBytes(i++, snapshot);
                ps.setLong(i++, commit.lastSeq());
            }
            ps.setString(i++, executionId);
            ps.setLong(i++, expected.seq());
            ps.setLong(i, fence);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CheckpointConflictException(
                            executionId, "it moved on from seq " + expected.seq() + " or another worker took it over");
                }
                return rs.getLong(1);
            }
        }
    }

    private static long parseFence(String executionId, Version expected) {
        try {
            return Long.parseLong(expected.tag());
        } catch (NumberFormatException e) {
            throw new CheckpointConflictException(executionId, "version " + expected + " is not one this store issued");
        }
    }

    private static void appendEvents(Connection c, String executionId, List<Entry> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Long[] seqs = new Long[events.size()];
        String[] texts = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            seqs[i] = events.get(i).seq();
            texts[i] = events.get(i).json();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution_event (execution_id, seq, event)"
                + " SELECT ?, s, e FROM unnest(?::bigint[], ?::text[]) AS t(s, e)")) {
            ps.setString(1, executionId);
            ps.setArray(2, c.createArrayOf("bigint", seqs));
            ps.setArray(3, c.createArrayOf("text", texts));
            ps.executeUpdate();
        }
    }

    /**
     * Takes an execution away from whoever holds it now, inside the caller's transaction (the claim of a lapsed
     * lease): their next commit is refused. A no-op for an execution without checkpoint yet (its first commit then
     * races on insert, and only one wins).
     */
    public static void fence(Connection c, String executionId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE execution_checkpoint SET fence = fence + 1 WHERE id = ?")) {
            ps.setString(1, executionId);
            ps.executeUpdate();
        }
    }

    @Override
    public void delete(String executionId) {
        try (Connection c = ds.getConnection()) {
            delete(c, executionId);
        } catch (SQLException e) {
            throw failure("delete", executionId, e);
        }
    }

    /** Deletes an execution's checkpoint and journal, and those of its children and error run, on {@code c}. */
    public static void delete(Connection c, String executionId) throws SQLException {
        String prefix = executionId + ".";
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM execution_event WHERE execution_id = ?"
                        + " OR (execution_id > ? AND execution_id < ?)");
                PreparedStatement cp =
                        c.prepareStatement("DELETE FROM execution_checkpoint WHERE id = ? OR (id > ? AND id < ?)")) {
            for (PreparedStatement p : List.of(ps, cp)) {
                p.setString(1, executionId);
                p.setString(2, prefix);
                p.setString(3, executionId + "/");
                p.executeUpdate();
            }
        }
    }

    @Override
    public List<Unfinished> unfinished() {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, status, wake_at FROM execution_checkpoint"
                        + " WHERE status IN ('RUNNING', 'WAITING', 'CRASHED')");
                ResultSet rs = ps.executeQuery()) {
            List<Unfinished> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Unfinished(rs.getString(1), ExecutionStatus.valueOf(rs.getString(2)), rs.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw failure("unfinished", "*", e);
        }
    }

    private static IllegalStateException failure(String what, String executionId, SQLException e) {
        return new IllegalStateException(
                "checkpoint " + what + " of execution " + executionId + " failed: " + e.getMessage(), e);
    }
}
