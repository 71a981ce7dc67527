package io.hetumind.studio.queue;

import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.engine.PgCheckpointer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The queue's SQL (table {@code execution_queue}). Rows are claimed with {@code FOR UPDATE SKIP LOCKED} in batches,
 * each claim bumping the row's lease (the fencing token) and, for a row claimed before, fencing its checkpoint, so a
 * worker whose lease lapsed can no longer advance the execution. Every later change of a row names the lease it was
 * claimed under; a change that finds another lease changes nothing and tells the caller it lost the row.
 */
@ApplicationScoped
public class ExecutionQueue {
    /** NOTIFY channel that wakes idle workers when a row becomes claimable. */
    public static final String CHANNEL = "hetumind_execution_queue";

    private static final long LIMIT_LOCK = 0x6865_7475_7175L; // one advisory lock serialises limited claims
    private static final String RETURNING = " RETURNING q.id, q.created_at, q.tenant_id, q.workflow_id,"
            + " q.workflow_version, q.lease, q.claims, q.launch::text AS launch,"
            + " (extract(epoch FROM now() - c.run_at) * 1000)::bigint AS waited, c.handed_back";

    private final Jdbc db;

    public ExecutionQueue(Jdbc db) {
        this.db = db;
    }

    /** A new row claimed by {@code owner} for an inline run: {@link #insert}'s arguments but the connection. */
    public record InlineRow(
            UUID id,
            Instant createdAt,
            UUID tenantId,
            UUID workflowId,
            int version,
            int priority,
            String launchJson,
            String owner,
            Duration lease) {}

    /** Rows claimed by their inline runs, in one JDBC batch inside the caller's transaction. */
    public static void insertClaimed(Connection c, List<InlineRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (InlineRow r : rows) {
                bind(
                        ps,
                        r.id(),
                        r.createdAt(),
                        r.tenantId(),
                        r.workflowId(),
                        r.version(),
                        r.priority(),
                        r.launchJson(),
                        r.owner(),
                        r.lease());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static final String INSERT = "INSERT INTO execution_queue (id, created_at, tenant_id,"
            + " workflow_id, workflow_version, priority, state, run_at, lease, lease_owner, lease_until, renewed_at,"
            + " claims, launch) VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?, ?, now() + ?::interval, now(), ?, ?::json)";

    private static void bind(
            PreparedStatement ps,
            UUID id,
            Instant createdAt,
            UUID tenantId,
            UUID workflowId,
            int version,
            int priority,
            String launchJson,
            String owner,
            Duration lease)
            throws SQLException {
        boolean claimed = owner != null;
        ps.setObject(1, id);
        ps.setTimestamp(2, Timestamp.from(createdAt));
        ps.setObject(3, tenantId);
        ps.setObject(4, workflowId);
        ps.setInt(5, version);
        ps.setInt(6, priority);
        ps.setString(7, claimed ? "claimed" : "queued");
        ps.setLong(8, claimed ? 1 : 0);
        ps.setString(9, owner);
        ps.setString(10, claimed ? lease.toMillis() + " milliseconds" : "0 seconds");
        ps.setInt(11, claimed ? 1 : 0);
        ps.setString(12, launchJson);
    }

    /** A new row, queued (due now) or already claimed by {@code owner} (an inline run); inside the caller's transaction. */
    public void insert(
            Connection c,
            UUID id,
            Instant createdAt,
            UUID tenantId,
            UUID workflowId,
            int version,
            int priority,
            String launchJson,
            String owner,
            Duration lease)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, id, createdAt, tenantId, workflowId, version, priority, launchJson, owner, lease);
            ps.executeUpdate();
        }
        if (owner == null) {
            try (Statement s = c.createStatement()) {
                s.execute("NOTIFY " + CHANNEL);
            }
        }
    }

    /** Concurrency limits a claim respects (0: none). */
    public record Limits(int perTenant, int perWorkflow) {
        boolean any() {
            return perTenant > 0 || perWorkflow > 0;
        }
    }

    /**
     * Claims up to {@code max} rows for {@code owner}: first rows whose lease lapsed (their worker is gone), then due
     * queued rows by priority and due time.
     */
    public List<Claimed> claim(String owner, int max, Duration lease, Limits limits) throws SQLException {
        return db.txChecked(c -> {
            if (limits.any()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, LIMIT_LOCK);
                    ps.execute();
                }
            }
            List<Claimed> out = new ArrayList<>(claimWhere(
                    c, owner, lease, "state = 'claimed' AND lease_until < now()", "lease_until", max, limits));
            if (out.size() < max) {
                out.addAll(claimWhere(
                        c,
                        owner,
                        lease,
                        "state = 'queued' AND run_at <= now()",
                        "priority DESC, run_at, id",
                        max - out.size(),
                        limits));
            }
            for (Claimed r : out) {
                if (r.claims() > 1) {
                    PgCheckpointer.fence(c, r.id().toString());
                }
            }
            return out;
        });
    }

    /**
     * One statement: picks rows ({@code FOR UPDATE SKIP LOCKED}), claims them (lease + 1) and marks their records
     * running (a resumed one keeps its first start time).
     */
    private static List<Claimed> claimWhere(
            Connection c, String owner, Duration lease, String where, String order, int max, Limits limits)
            throws SQLException {
        List<UUID> ids = limits.any() ? withinLimits(c, where, order, max, limits) : null;
        if (ids != null && ids.isEmpty()) {
            return List.of();
        }
        // Interrupted rather than lost: given back in order, or its owner was seen after it last renewed the lease.
        String interrupted = "(handed_back OR EXISTS (SELECT 1 FROM queue_worker w WHERE w.owner = x.lease_owner"
                + " AND w.seen_at > x.renewed_at)) AS handed_back";
        String pick = ids != null
                ? "SELECT id, run_at, " + interrupted + " FROM execution_queue x WHERE id = ANY(?)"
                : "SELECT id, run_at, " + interrupted + " FROM execution_queue x WHERE " + where + " ORDER BY " + order
                        + " LIMIT ? FOR UPDATE SKIP LOCKED";
        try (PreparedStatement ps = c.prepareStatement("WITH c AS (" + pick + "), q AS (UPDATE execution_queue q SET"
                + " state = 'claimed', lease = q.lease + 1, lease_owner = ?, lease_until = now() + ?::interval,"
                + " renewed_at = now(), claims = q.claims + 1, handed_back = false FROM c WHERE q.id = c.id" + RETURNING
                + "), m AS"
                + " (UPDATE execution e"
                + " SET status = 'running', started_at = coalesce(e.started_at, now()), wait_till = NULL FROM q"
                + " WHERE e.id = q.id AND e.created_at = q.created_at AND e.status IN ('new', 'waiting', 'running'))"
                + " SELECT id, created_at, tenant_id, workflow_id, workflow_version, lease, claims, launch, waited,"
                + " handed_back FROM q")) {
            if (ids != null) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            } else {
                ps.setInt(1, max);
            }
            ps.setString(2, owner);
            ps.setString(3, lease.toMillis() + " milliseconds");
            List<Claimed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Claimed(
                            rs.getObject(1, UUID.class),
                            rs.getTimestamp(2).toInstant(),
                            rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class),
                            rs.getInt(5),
                            rs.getLong(6),
                            rs.getInt(7),
                            rs.getString(8),
                            Math.max(0, rs.getLong(9)),
                            rs.getBoolean(10)));
                }
            }
            return out;
        }
    }

    /** Candidate rows (locked) that fit the limits, given what is claimed now; run under the advisory lock. */
    private static List<UUID> withinLimits(Connection c, String where, String order, int max, Limits limits)
            throws SQLException {
        record Row(UUID id, UUID tenant, UUID workflow) {}
        List<Row> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant_id, workflow_id FROM execution_queue WHERE "
                + where + " ORDER BY " + order + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, max * 4);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new Row(
                            rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)));
                }
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<UUID, Integer> perTenant = new HashMap<>();
        Map<UUID, Integer> perWorkflow = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, workflow_id, count(*) FROM execution_queue"
                + " WHERE state = 'claimed' AND lease_until >= now() AND tenant_id = ANY(?) GROUP BY 1, 2")) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "uuid",
                            candidates.stream().map(Row::tenant).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(3);
                    perTenant.merge(rs.getObject(1, UUID.class), n, Integer::sum);
                    perWorkflow.merge(rs.getObject(2, UUID.class), n, Integer::sum);
                }
            }
        }
        List<UUID> out = new ArrayList<>();
        for (Row r : candidates) {
            if (out.size() == max) {
                break;
            }
            int t = perTenant.getOrDefault(r.tenant, 0);
            int w = perWorkflow.getOrDefault(r.workflow, 0);
            if ((limits.perTenant() > 0 && t >= limits.perTenant())
                    || (limits.perWorkflow() > 0 && w >= limits.perWorkflow())) {
                continue;
            }
            perTenant.put(r.tenant, t + 1);
            perWorkflow.put(r.workflow, w + 1);
            out.add(r.id);
        }
        return out;
    }

    /**
     * Claims one execution parked for an outside resume (a Wait "On Webhook Call"), fencing its checkpoint as any
     * claim after the first does; empty when the row is not parked (queued for a time, running, gone).
     */
    public java.util.Optional<Claimed> claimParked(String owner, UUID id, Duration lease) throws SQLException {
        return claimParked(owner, id, lease, false);
    }

    /**
     * {@link #claimParked(String, UUID, Duration)}; with {@code limited}, also a row queued for a later time, as a wait
     * for an outside call with a time limit is (the caller knows the execution waits for that call).
     */
    public java.util.Optional<Claimed> claimParked(String owner, UUID id, Duration lease, boolean limited)
            throws SQLException {
        String states = limited ? "state IN ('parked', 'queued')" : "state = 'parked'";
        return db.txChecked(c -> {
            // the id is a UUID, so concatenating it cannot inject anything
            List<Claimed> got =
                    claimWhere(c, owner, lease, states + " AND id = '" + id + "'", "id", 1, new Limits(0, 0));
            for (Claimed r : got) {
                PgCheckpointer.fence(c, r.id().toString());
            }
            return got.stream().findFirst();
        });
    }

    /** The queue state of an execution ({@code queued}, {@code claimed}, {@code parked}), empty when it has no row. */
    public java.util.Optional<String> state(UUID id) throws SQLException {
        return db.read(c -> java.util.Optional.ofNullable(
                Jdbc.one(c, "SELECT state FROM execution_queue WHERE id = ?", rs -> rs.getString(1), id)));
    }

    /** A held row as the last renewal found it. */
    public record Held(UUID id, long lease, boolean cancelRequested) {}

    /**
     * Extends the leases of the rows {@code owner} runs ({@code ids}); returns those it still holds. Only rows with a
     * live local run are renewed: a row whose run ended without being recorded (the database went away mid-settle)
     * must lapse, so that a claim resumes it from its checkpoint, instead of being renewed for as long as this worker
     * runs anything else.
     */
    public List<Held> renew(String owner, java.util.Collection<UUID> ids, Duration lease) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(c -> Jdbc.list(
                c,
                // one statement, so the owner is seen at exactly the time its leases were renewed (see claimWhere);
                // rows locked in id order, as the settler locks them, so the two never deadlock
                "WITH seen AS (" + SEEN
                        + ") UPDATE execution_queue q SET lease_until = now() + ?::interval, renewed_at = now() FROM"
                        + " (SELECT id FROM execution_queue WHERE lease_owner = ? AND state = 'claimed' AND id = ANY(?)"
                        + " ORDER BY id FOR UPDATE) l WHERE q.id = l.id RETURNING q.id, q.lease, q.cancel_requested",
                rs -> new Held(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBoolean(3)),
                owner,
                lease.toMillis() + " milliseconds",
                owner,
                c.createArrayOf("uuid", ids.toArray())));
    }

    private static final String SEEN = "INSERT INTO queue_worker (owner, seen_at) VALUES (?, now())"
            + " ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at";

    /**
     * Records that {@code owner} is alive while it holds no lease, and forgets owners not seen for a day (processes
     * long gone; a row they held was claimed as lost long since).
     */
    public void seen(String owner) throws SQLException {
        db.read(c -> {
            Jdbc.update(c, SEEN, owner);
            Jdbc.update(c, "DELETE FROM queue_worker WHERE seen_at < now() - interval '1 day'");
            return null;
        });
    }

    /** Removes a finished execution's row, if still held under {@code lease}; false when another worker took it. */
    public boolean done(Connection c, UUID id, long lease) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM execution_queue WHERE id = ? AND lease = ? AND state = 'claimed'")) {
            ps.setObject(1, id);
            ps.setLong(2, lease);
            return ps.executeUpdate() == 1;
        }
    }

    /** Locks the rows of {@code ids} in id order (the order lease renewal locks them in), before changing them. */
    public static void lockInOrder(Connection c, List<UUID> ids) throws SQLException {
        if (ids.size() < 2) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM (SELECT id FROM execution_queue WHERE id = ANY(?) ORDER BY id FOR UPDATE) l")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.executeQuery().close();
        }
    }

    /** {@link #done} for many rows in one statement; returns the ids that were still held under their lease. */
    public static List<UUID> doneAll(Connection c, List<UUID> ids, List<Long> leases) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM execution_queue q USING unnest(?::uuid[],"
                + " ?::bigint[]) AS t(id, lease) WHERE q.id = t.id AND q.lease = t.lease AND q.state = 'claimed'"
                + " RETURNING q.id")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", leases.toArray()));
            return ids(ps);
        }
    }

    /** {@link #park} for many rows in one statement; returns the ids that were still held under their lease. */
    public static List<UUID> parkAll(Connection c, List<UUID> ids, List<Long> leases, List<Long> wakeAts)
            throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE execution_queue q SET state = t.state, run_at = t.run_at,"
                        + " lease_owner = NULL, lease_until = NULL FROM unnest(?::uuid[], ?::bigint[], ?::text[],"
                        + " ?::timestamptz[]) AS t(id, lease, state, run_at) WHERE q.id = t.id AND q.lease = t.lease"
                        + " AND q.state = 'claimed' RETURNING q.id")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", leases.toArray()));
            ps.setArray(
                    3,
                    c.createArrayOf(
                            "text",
                            wakeAts.stream()
                                    .map(w -> w < 0 ? "parked" : "queued")
                                    .toArray()));
            ps.setArray(
                    4,
                    c.createArrayOf(
                            "timestamptz",
                            wakeAts.stream()
                                    .map(w -> new Timestamp(w < 0 ? now : w))
                                    .toArray()));
            return ids(ps);
        }
    }

    private static List<UUID> ids(PreparedStatement ps) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    /**
     * Gives back a parked execution: claimable again at {@code wakeAt} (epoch ms), or never by time ({@code wakeAt}
     * negative: only an outside resume moves it). False when another worker took it.
     */
    public boolean park(Connection c, UUID id, long lease, long wakeAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE execution_queue SET state = ?, run_at = ?,"
                + " lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease = ? AND state = 'claimed'")) {
            ps.setString(1, wakeAt < 0 ? "parked" : "queued");
            ps.setTimestamp(2, new Timestamp(wakeAt < 0 ? System.currentTimeMillis() : wakeAt));
            ps.setObject(3, id);
            ps.setLong(4, lease);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Gives back a row this worker broke off in order (a store write failed, a commit it saw fail had landed), due at
     * {@code runAt} (epoch ms): the next claim resumes it as interrupted, not as lost with a dead worker. False when
     * another worker took it.
     */
    public boolean handBack(Connection c, UUID id, long lease, long runAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE execution_queue SET state = 'queued', run_at = ?,"
                + " lease_owner = NULL, lease_until = NULL, handed_back = true"
                + " WHERE id = ? AND lease = ? AND state = 'claimed'")) {
            ps.setTimestamp(1, new Timestamp(runAt));
            ps.setObject(2, id);
            ps.setLong(3, lease);
            return ps.executeUpdate() == 1;
        }
    }

    /** The queue row of a tenant's execution, locked for a cancel; null when it has none (finished, or not theirs). */
    public Held lockForCancel(Connection c, UUID tenantId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE execution_queue SET cancel_requested = true"
                + " WHERE id = ? AND tenant_id = ? RETURNING id, lease, state")) {
            ps.setObject(1, id);
            ps.setObject(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Held(id, rs.getLong(2), !"claimed".equals(rs.getString(3)));
            }
        }
    }

    /** Removes a row whatever its lease (cancel of an execution no live worker holds, delete), fencing its checkpoint. */
    public void remove(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM execution_queue WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        PgCheckpointer.fence(c, id.toString());
    }

    /** Due queued rows in all, and per tenant (for back-pressure and the queue depth gauge). */
    public Depth depth() throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, count(*) FILTER (WHERE state = 'queued'"
                            + " AND run_at <= now()), count(*) FILTER (WHERE state = 'claimed') FROM execution_queue"
                            + " GROUP BY tenant_id");
                    ResultSet rs = ps.executeQuery()) {
                Map<UUID, Long> perTenant = new HashMap<>();
                long total = 0;
                long claimed = 0;
                while (rs.next()) {
                    long n = rs.getLong(2);
                    total += n;
                    claimed += rs.getLong(3);
                    if (n > 0) {
                        perTenant.put(rs.getObject(1, UUID.class), n);
                    }
                }
                return new Depth(total, claimed, Map.copyOf(perTenant));
            }
        });
    }

    /** What {@link #depth} found. */
    public record Depth(long queued, long claimed, Map<UUID, Long> queuedPerTenant) {
        public static final Depth EMPTY = new Depth(0, 0, Map.of());
    }

    static Array uuids(Connection c, List<UUID> ids) throws SQLException {
        return c.createArrayOf("uuid", ids.toArray());
    }
}
