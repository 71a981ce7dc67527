package io.hetumind.studio.execution;

import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The execution records (table {@code execution}, partitioned by day). Ids are UUIDv7, so each statement names the
 * row's {@code created_at} (the id's timestamp) and PostgreSQL reads one partition; every read is tenant-scoped.
 */
@ApplicationScoped
public class ExecutionRecords {
    private static final String COLUMNS = "id, created_at, tenant_id, workflow_id, workflow_version, mode, status,"
            + " started_by, retry_of, started_at, finished_at, wait_till, last_node, error_message, launch::text,"
            + " custom_data::text AS custom_data";
    private final Jdbc db;

    public ExecutionRecords(Jdbc db) {
        this.db = db;
    }

    /** When the execution {@code id} (UUIDv7) was created: its partition key. */
    public static Instant createdAt(UUID id) {
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }

    /**
     * A UUIDv7 made from {@code key} and the time {@code at}: the same pair always gives the same id (an execution
     * started once per key), and its timestamp is {@code at}, so the record's partition is {@code at}'s day.
     */
    public static UUID idFor(String key, long at) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        long msb = (at << 16) | 0x7000L | (b.getShort() & 0x0FFFL);
        long lsb = (b.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The tenant of the execution {@code id}, whoever it belongs to; empty when there is none. */
    public static Optional<UUID> tenantOf(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT tenant_id FROM execution WHERE id = ? AND created_at = ?")) {
            ps.setObject(1, id);
            ps.setTimestamp(2, Timestamp.from(createdAt(id)));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /**
     * Inserts the record unless one with its id exists; false when one does. A concurrent insert of the same id waits
     * for the first to commit (or roll back), so exactly one of them inserts.
     */
    public static boolean insertIfAbsent(Connection c, ExecutionRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution (id, created_at, tenant_id, workflow_id,"
                + " workflow_version, mode, status, started_by, retry_of, started_at, launch)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json) ON CONFLICT DO NOTHING")) {
            bind(ps, r);
            return ps.executeUpdate() == 1;
        }
    }

    public void insert(Connection c, ExecutionRow r) throws SQLException {
        insertAll(c, List.of(r));
    }

    /** {@link #insert} for many records: one JDBC batch. */
    public static void insertAll(Connection c, List<ExecutionRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution (id, created_at, tenant_id, workflow_id,"
                + " workflow_version, mode, status, started_by, retry_of, started_at, launch)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json)")) {
            for (ExecutionRow r : rows) {
                bind(ps, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, ExecutionRow r) throws SQLException {
        ps.setObject(1, r.id());
        ps.setTimestamp(2, Timestamp.from(r.createdAt()));
        ps.setObject(3, r.tenantId());
        ps.setObject(4, r.workflowId());
        ps.setInt(5, r.workflowVersion());
        ps.setString(6, r.mode());
        ps.setString(7, r.status());
        ps.setObject(8, r.startedBy());
        ps.setObject(9, r.retryOf());
        ps.setTimestamp(10, r.startedAt() == null ? null : Timestamp.from(r.startedAt()));
        ps.setString(11, r.launchJson());
    }

    /** Records a parked or finished state, with its run data (gzip of the runData JSON). */
    public void settle(
            Connection c,
            UUID id,
            String status,
            Instant finishedAt,
            Instant waitTill,
            String lastNode,
            String error,
            byte[] data)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE execution SET status = ?, finished_at = ?,"
                + " wait_till = ?, last_node = ?, error_message = ?, data = ?,"
                + " started_at = coalesce(started_at, now()) WHERE id = ? AND created_at = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, finishedAt == null ? null : Timestamp.from(finishedAt));
            ps.setTimestamp(3, waitTill == null ? null : Timestamp.from(waitTill));
            ps.setString(4, lastNode);
            ps.setString(5, error);
            ps.setBytes(6, data);
            ps.setObject(7, id);
            ps.setTimestamp(8, Timestamp.from(createdAt(id)));
            ps.executeUpdate();
        }
    }

    /** A tenant's execution, with its run data when it has parked or finished. */
    public Optional<ExecutionRow> find(UUID tenantId, UUID id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", data FROM execution"
                    + " WHERE id = ? AND created_at = ? AND tenant_id = ?")) {
                ps.setObject(1, id);
                ps.setTimestamp(2, Timestamp.from(createdAt(id)));
                ps.setObject(3, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs, true)) : Optional.empty();
                }
            }
        });
    }

    /** A list filter; null fields do not filter. */
    /**
     * What a list keeps: each set field must match; {@code customDataKey} alone keeps executions with that custom data
     * key, with {@code customDataValue} those whose value under it is exactly that.
     */
    public record Filter(
            UUID workflowId,
            String status,
            String mode,
            Instant from,
            Instant to,
            String customDataKey,
            String customDataValue) {

        public Filter(UUID workflowId, String status, String mode, Instant from, Instant to) {
            this(workflowId, status, mode, from, to, null, null);
        }
    }

    /** A page of a tenant's executions, newest first, after the cursor id; {@code limit + 1} rows at most. */
    public List<ExecutionRow> list(UUID tenantId, Filter f, UUID before, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM execution WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenantId);
        if (before != null) {
            sql.append(" AND id < ? AND created_at <= ?");
            args.add(before);
            args.add(Timestamp.from(createdAt(before)));
        }
        if (f.workflowId() != null) {
            sql.append(" AND workflow_id = ?");
            args.add(f.workflowId());
        }
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status());
        }
        if (f.mode() != null) {
            sql.append(" AND mode = ?");
            args.add(f.mode());
        }
        if (f.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND created_at < ?");
            args.add(Timestamp.from(f.to()));
        }
        if (f.customDataKey() != null) {
            if (f.customDataValue() == null) {
                sql.append(" AND custom_data->>? IS NOT NULL");
                args.add(f.customDataKey());
            } else {
                sql.append(" AND custom_data->>? = ?");
                args.add(f.customDataKey());
                args.add(f.customDataValue());
            }
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit + 1);
        return db.read(c -> Jdbc.list(c, sql.toString(), rs -> row(rs, false), args.toArray()));
    }

    /** Deletes a tenant's execution record; false when there is none. */
    public boolean delete(Connection c, UUID tenantId, UUID id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM execution WHERE id = ? AND created_at = ? AND tenant_id = ?")) {
            ps.setObject(1, id);
            ps.setTimestamp(2, Timestamp.from(createdAt(id)));
            ps.setObject(3, tenantId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes records whatever their tenant (runs whose workflow does not keep them), in one statement. */
    public static void deleteAll(Connection c, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM execution e USING unnest(?::uuid[],"
                + " ?::timestamptz[]) AS t(id, ca) WHERE e.id = t.id AND e.created_at = t.ca")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "timestamptz",
                            ids.stream()
                                    .map(id -> Timestamp.from(createdAt(id)))
                                    .toArray()));
            ps.executeUpdate();
        }
    }

    private static ExecutionRow row(ResultSet rs, boolean withData) throws SQLException {
        return new ExecutionRow(
                rs.getObject("id", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("workflow_id", UUID.class),
                rs.getInt("workflow_version"),
                rs.getString("mode"),
                rs.getString("status"),
                rs.getObject("started_by", UUID.class),
                rs.getObject("retry_of", UUID.class),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "wait_till"),
                rs.getString("last_node"),
                rs.getString("error_message"),
                rs.getString("launch"),
                withData ? rs.getBytes("data") : null,
                rs.getString("custom_data"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
