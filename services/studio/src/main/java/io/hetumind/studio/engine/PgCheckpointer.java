package io.hetumind.studio.engine;

import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.platform.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The engine's {@link Checkpointer} on PostgreSQL (tables {@code execution_checkpoint} and {@code execution_event}).
 * Every commit is one transaction gated by an {@code UPDATE … WHERE seq = expected AND fence = expected}, so of two
 * owners exactly one advances an execution, and a crash leaves either the whole commit or none of it. The fence is the
 * queue lease: a worker taking over an execution whose lease lapsed calls {@link #fence}, and the old owner's next
 * commit is a {@link CheckpointConflictException}. Snapshots are stored gzipped and drop the journal they cover.
 * Commits of concurrent runs are group-committed: one writer thread writes all those handed in meanwhile in one
 * transaction, each still gated on its own expected version.
 */
public final class PgCheckpointer implements Checkpointer {
    private static final int MAX_BATCH = 256;
    /** The fence of a new checkpoint row (the column's default). */
    private static final long NEW_FENCE = 1;

    private final Jdbc db;
    private final LinkedBlockingQueue<Pending> inbox = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private volatile Thread writer;

    private final io.hetumind.studio.config.BatchMeter meter;
    /** Executions whose final commit their settle may write ({@link #endWithSettle}): which ones it may take. */
    private final Map<String, EndPolicy> deferrable = new java.util.concurrent.ConcurrentHashMap<>();
    /** The final commits kept for their settles. */
    private final Map<String, EndCommit> endings = new java.util.concurrent.ConcurrentHashMap<>();

    public PgCheckpointer(Jdbc db) {
        this(db, io.hetumind.studio.config.BatchMeter.none());
    }

    /** {@code meter} records each group commit's time and size. */
    public PgCheckpointer(Jdbc db, io.hetumind.studio.config.BatchMeter meter) {
        this.db = db;
        this.meter = meter;
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        try {
            // the row and its journal from one snapshot (a commit between the two reads would tear them)
            return db.txChecked(c -> {
                if (!db.joinsCallersTransaction()) {
                    try (PreparedStatement ps =
                            c.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) {
                        ps.execute();
                    }
                }
                return load(c, executionId);
            });
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

    /**
     * Commits through the group-commit writer: the calling run waits while one thread writes every commit handed in
     * meanwhile (of any execution) in one transaction. Each commit keeps its own gate, so a stale one is refused with
     * {@link CheckpointConflictException} without touching the others.
     */
    @Override
    public Version commit(String executionId, Commit commit) {
        EndPolicy policy = deferrable.get(executionId);
        if (commit.status().terminal()
                && policy != null
                && commit.events().stream().allMatch(e -> policy.mayWait().test(e.decoded()))) {
            // written by the settle, in its transaction and under the claim's lease (a fence of its own)
            endings.put(executionId, new EndCommit(executionId, commit, null));
            Version expected = commit.expected();
            return new Version(commit.lastSeq(), expected.tag() == null ? Long.toString(NEW_FENCE) : expected.tag());
        }
        byte[] snapshot = commit.snapshotJson() == null ? null : Gzip.compress(commit.snapshotJson());
        Pending p = new Pending(executionId, commit, snapshot, new CompletableFuture<>());
        if (!running) {
            return single(p);
        }
        Thread w = writer;
        if (w == null || !w.isAlive()) {
            ensureWriter();
        }
        inbox.add(p);
        try {
            return p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing checkpoint of " + executionId, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The final commit of an execution this process settles: the run that ends it ends with a settle anyway (its record
     * and queue row, {@code Settler}), so its last commit is kept here and written in that transaction — one
     * transaction fewer per run, and none at all for an execution its workflow does not keep. Only a commit that
     * {@code mayWait} accepts every event of is kept: the runner accepts no outcome of a node with outside effects,
     * since a settle that then fails would leave that node to run again. When {@code dropped} says the execution's
     * record goes once it ends in a status (a run its workflow does not keep), an end whose outcomes may all wait is not
     * wanted at all: the settle deletes what the execution left, so the engine need not build the commit
     * ({@link #wantsEnd}). Call before the run; {@link #takeEnd} after it, whatever happened.
     */
    public void endWithSettle(
            String executionId, Predicate<ExecutionEvent> mayWait, Predicate<ExecutionStatus> dropped) {
        endings.remove(executionId);
        deferrable.put(executionId, new EndPolicy(mayWait, dropped));
    }

    @Override
    public boolean wantsEnd(String executionId, ExecutionStatus status, List<ExecutionEvent> events) {
        EndPolicy policy = deferrable.get(executionId);
        return policy == null
                || !policy.dropped().test(status)
                || !events.stream().allMatch(policy.mayWait());
    }

    private record EndPolicy(Predicate<ExecutionEvent> mayWait, Predicate<ExecutionStatus> dropped) {}

    /** The final commit kept for {@code executionId}, if its run made one; forgets the execution either way. */
    public Optional<EndCommit> takeEnd(String executionId) {
        deferrable.remove(executionId);
        return Optional.ofNullable(endings.remove(executionId));
    }

    /** A final commit left for the settle to write; {@code snapshot}: its snapshot gzipped, once {@link #packed}. */
    public record EndCommit(String executionId, Commit commit, byte[] snapshot) {
        /** With the snapshot compressed here (the caller's thread), not on the settle's one writer thread. */
        public EndCommit packed() {
            return snapshot != null || commit.snapshotJson() == null
                    ? this
                    : new EndCommit(executionId, commit, Gzip.compress(commit.snapshotJson()));
        }
    }

    /**
     * Writes final commits on {@code c}, in the caller's transaction, gated as any commit; a stale one (another owner
     * wrote meanwhile) throws {@link CheckpointConflictException}.
     */
    public static void writeEnds(Connection c, List<EndCommit> ends) throws SQLException {
        if (ends.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(ends.size());
        for (EndCommit e : ends) {
            EndCommit packed = e.packed();
            batch.add(new Pending(packed.executionId(), packed.commit(), packed.snapshot(), null));
        }
        for (Object r : commitAll(c, batch).values()) {
            if (r instanceof RuntimeException refused) {
                throw refused;
            }
        }
    }

    /** Stops the group-commit writer; later commits run one transaction each. */
    public void close() {
        running = false;
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
    }

    private record Pending(String executionId, Commit commit, byte[] snapshot, CompletableFuture<Version> done) {}

    private synchronized void ensureWriter() {
        if (writer == null || !writer.isAlive()) {
            writer = Thread.ofPlatform().daemon().name("checkpoint-writer").start(this::writeLoop);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Pending first = inbox.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                inbox.drainTo(batch, MAX_BATCH - 1);
                long t0 = System.nanoTime();
                write(batch);
                meter.record(batch.size(), t0);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                // never leave a run waiting on a commit this thread will not finish (an Error included)
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        List<Pending> left = new ArrayList<>();
        inbox.drainTo(left);
        for (Pending p : left) {
            try {
                p.done().complete(single(p));
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private void write(List<Pending> batch) {
        if (batch.size() > 1) {
            try {
                Map<Pending, Object> out = db.txChecked(c -> commitAll(c, batch));
                out.forEach((p, r) -> {
                    if (r instanceof Version v) {
                        p.done().complete(v);
                    } else {
                        p.done().completeExceptionally((RuntimeException) r);
                    }
                });
                return;
            } catch (SQLException | RuntimeException e) {
                // one bad commit fails the batch: each is tried on its own, so only that one fails
            }
        }
        for (Pending p : batch) {
            try {
                p.done().complete(single(p));
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    /** One commit in its own transaction. */
    private Version single(Pending p) {
        try {
            return db.txChecked(c -> {
                Object r = commitAll(c, List.of(p)).get(p);
                if (r instanceof RuntimeException e) {
                    throw e;
                }
                return (Version) r;
            });
        } catch (SQLException e) {
            throw failure("commit", p.executionId(), e);
        }
    }

    /**
     * Writes commits on {@code c} with a handful of statements whatever their number: first-commit inserts and gated
     * updates as JDBC batches (each statement's count tells whether its gate held), then the journal of those that
     * held in one statement, and the journal their snapshots cover deleted. Returns each commit's new version, or the
     * {@link CheckpointConflictException} that refuses it.
     */
    private static Map<Pending, Object> commitAll(Connection c, List<Pending> batch) throws SQLException {
        Map<Pending, Object> out = new LinkedHashMap<>();
        List<Pending> inserts = new ArrayList<>();
        List<Pending> plain = new ArrayList<>();
        List<Pending> withSnapshot = new ArrayList<>();
        Map<Pending, Long> fences = new HashMap<>();
        for (Pending p : batch) {
            Version expected = p.commit().expected();
            if (expected.seq() == 0 && expected.tag() == null) {
                inserts.add(p);
                continue;
            }
            try {
                fences.put(p, parseFence(p.executionId(), expected));
            } catch (CheckpointConflictException e) {
                out.put(p, e);
                continue;
            }
            (p.snapshot() == null ? plain : withSnapshot).add(p);
        }
        List<Pending> held = new ArrayList<>();
        if (!inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO execution_checkpoint (id, seq, status, wake_at, snapshot, snapshot_seq)"
                            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                for (Pending p : inserts) {
                    Commit commit = p.commit();
                    ps.setString(1, p.executionId());
                    ps.setLong(2, commit.lastSeq());
                    ps.setString(3, commit.status().name());
                    ps.setLong(4, commit.wakeAt());
                    ps.setBytes(5, p.snapshot());
                    ps.setLong(6, p.snapshot() == null ? 0 : commit.lastSeq());
                    ps.addBatch();
                }
                int[] counts = counts(ps.executeBatch(), inserts.size());
                for (int i = 0; i < counts.length; i++) {
                    Pending p = inserts.get(i);
                    if (counts[i] == 1) {
                        fences.put(p, NEW_FENCE);
                        held.add(p);
                    } else {
                        out.put(p, new CheckpointConflictException(p.executionId(), "it already exists"));
                    }
                }
            }
        }
        gatedUpdates(
                c,
                plain,
                fences,
                "UPDATE execution_checkpoint SET seq = ?, status = ?, wake_at = ?, updated_at = now()"
                        + " WHERE id = ? AND seq = ? AND fence = ?",
                held,
                out);
        gatedUpdates(
                c,
                withSnapshot,
                fences,
                "UPDATE execution_checkpoint SET seq = ?, status = ?, wake_at = ?, updated_at = now(),"
                        + " snapshot = ?, snapshot_seq = ? WHERE id = ? AND seq = ? AND fence = ?",
                held,
                out);
        List<Pending> journaled =
                held.stream().filter(p -> p.snapshot() == null).toList();
        appendEvents(c, journaled);
        // a snapshot covers the journal up to its seq, this commit's events included; a first commit (inserted
        // here) has no journal yet: events are only ever written with their execution's checkpoint row
        Set<Pending> inserted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        inserted.addAll(inserts);
        List<Pending> snapshots = held.stream()
                .filter(p -> p.snapshot() != null && !inserted.contains(p))
                .toList();
        if (!snapshots.isEmpty()) {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM execution_event WHERE execution_id = ? AND seq <= ?")) {
                for (Pending p : snapshots) {
                    ps.setString(1, p.executionId());
                    ps.setLong(2, p.commit().lastSeq());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        for (Pending p : held) {
            out.put(p, new Version(p.commit().lastSeq(), Long.toString(fences.get(p))));
        }
        return out;
    }

    private static void gatedUpdates(
            Connection c,
            List<Pending> updates,
            Map<Pending, Long> fences,
            String sql,
            List<Pending> held,
            Map<Pending, Object> out)
            throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Pending p : updates) {
                Commit commit = p.commit();
                int i = 1;
                ps.setLong(i++, commit.lastSeq());
                ps.setString(i++, commit.status().name());
                ps.setLong(i++, commit.wakeAt());
                if (p.snapshot() != null) {
                    ps.setBytes(i++, p.snapshot());
                    ps.setLong(i++, commit.lastSeq());
                }
                ps.setString(i++, p.executionId());
                ps.setLong(i++, commit.expected().seq());
                ps.setLong(i, fences.get(p));
                ps.addBatch();
            }
            int[] counts = counts(ps.executeBatch(), updates.size());
            for (int i = 0; i < counts.length; i++) {
                Pending p = updates.get(i);
                if (counts[i] == 1) {
                    held.add(p);
                } else {
                    out.put(
                            p,
                            new CheckpointConflictException(
                                    p.executionId(),
                                    "it moved on from seq "
                                            + p.commit().expected().seq() + " or another worker took it over"));
                }
            }
        }
    }

    private static int[] counts(int[] counts, int expected) {
        if (counts.length != expected) {
            throw new IllegalStateException("a batch of " + expected + " statements reported " + counts.length);
        }
        for (int n : counts) {
            if (n < 0) {
                throw new IllegalStateException("the driver did not report a statement's row count");
            }
        }
        return counts;
    }

    private static long parseFence(String executionId, Version expected) {
        try {
            return Long.parseLong(expected.tag());
        } catch (NumberFormatException e) {
            throw new CheckpointConflictException(executionId, "version " + expected + " is not one this store issued");
        }
    }

    private static void appendEvents(Connection c, List<Pending> commits) throws SQLException {
        List<String> ids = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Pending p : commits) {
            for (Entry e : p.commit().events()) {
                ids.add(p.executionId());
                seqs.add(e.seq());
                texts.add(e.json());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution_event (execution_id, seq, event)"
                + " SELECT i, s, e FROM unnest(?::text[], ?::bigint[], ?::text[]) AS t(i, s, e)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", seqs.toArray()));
            ps.setArray(3, c.createArrayOf("text", texts.toArray()));
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
        try {
            db.txChecked(c -> {
                delete(c, executionId);
                return null;
            });
        } catch (SQLException e) {
            throw failure("delete", executionId, e);
        }
    }

    /** Deletes an execution's checkpoint and journal, and those of its children and error run, on {@code c}. */
    public static void delete(Connection c, String executionId) throws SQLException {
        deleteAll(c, List.of(executionId));
    }

    /** {@link #delete(Connection, String)} for many executions, in two batched statements. */
    public static void deleteAll(Connection c, List<String> executionIds) throws SQLException {
        if (executionIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM execution_event WHERE execution_id = ?"
                        + " OR (execution_id > ? AND execution_id < ?)");
                PreparedStatement cp =
                        c.prepareStatement("DELETE FROM execution_checkpoint WHERE id = ? OR (id > ? AND id < ?)")) {
            for (PreparedStatement p : List.of(ps, cp)) {
                for (String id : executionIds) {
                    p.setString(1, id);
                    p.setString(2, id + ".");
                    p.setString(3, id + "/");
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
    }

    @Override
    public List<Unfinished> unfinished() {
        try {
            return db.read(c -> Jdbc.list(
                    c,
                    "SELECT id, status, wake_at FROM execution_checkpoint WHERE status IN ('RUNNING', 'WAITING',"
                            + " 'CRASHED')",
                    rs -> new Unfinished(rs.getString(1), ExecutionStatus.valueOf(rs.getString(2)), rs.getLong(3))));
        } catch (SQLException e) {
            throw failure("unfinished", "*", e);
        }
    }

    private static IllegalStateException failure(String what, String executionId, SQLException e) {
        return new IllegalStateException(
                "checkpoint " + what + " of execution " + executionId + " failed: " + e.getMessage(), e);
    }
}
