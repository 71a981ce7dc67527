package io.hetumind.studio.statistics;

import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code execution_stat} rows: written in batches by the settle, read in windows per tenant and workflow. */
@ApplicationScoped
public class StatisticsRepository {

    /** One ended execution's row. */
    public record Row(UUID executionId, String status, Instant finishedAt, ExecutionFigures figures) {}

    /** Inserts {@code rows} as one JDBC batch on {@code c} (in its transaction); a row already there is kept. */
    public static void insertAll(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution_stat (execution_id, tenant_id,"
                + " workflow_id, finished_at, status, duration_ms, error_message, nodes) VALUES (?,?,?,?,?,?,?,?::jsonb)"
                + " ON CONFLICT (execution_id) DO NOTHING")) {
            for (Row r : rows) {
                ExecutionFigures f = r.figures();
                ps.setObject(1, r.executionId());
                ps.setObject(2, f.tenantId());
                ps.setObject(3, f.workflowId());
                ps.setTimestamp(4, Timestamp.from(r.finishedAt() == null ? Instant.now() : r.finishedAt()));
                ps.setString(5, r.status());
                ps.setLong(6, f.durationMs());
                ps.setString(7, f.error());
                ps.setString(8, f.nodesJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Counts and duration percentiles of the whole executions in the window. */
    public record Totals(long executions, Double p50, Double p95, Double p99, Double avg, long items) {}

    /** Per-node figures in the window. */
    public record NodeTotals(
            String node,
            String type,
            long executions,
            long runs,
            long errors,
            long items,
            Double p50,
            Double p95,
            Double p99) {}

    /** How often a message ended executions (node null) or failed a node. */
    public record MessageCount(String node, String message, long count) {}

    /** A count per status. */
    public record StatusCount(String status, long count) {}

    private static final String WINDOW = " FROM execution_stat s WHERE s.tenant_id = ? AND s.workflow_id = ?"
            + " AND s.finished_at >= ? AND s.finished_at < ?";

    public List<StatusCount> byStatus(Connection c, UUID tenant, UUID workflow, Instant from, Instant to)
            throws SQLException {
        return Jdbc.list(
                c,
                "SELECT s.status, count(*) AS n" + WINDOW + " GROUP BY s.status ORDER BY n DESC, s.status",
                rs -> new StatusCount(rs.getString("status"), rs.getLong("n")),
                tenant,
                workflow,
                ts(from),
                ts(to));
    }

    public Totals totals(Connection c, UUID tenant, UUID workflow, Instant from, Instant to) throws SQLException {
        return Jdbc.one(
                c,
                "SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.duration_ms) AS p50,"
                        + " percentile_cont(0.95) WITHIN GROUP (ORDER BY s.duration_ms) AS p95,"
                        + " percentile_cont(0.99) WITHIN GROUP (ORDER BY s.duration_ms) AS p99,"
                        + " avg(s.duration_ms)::float8 AS avg,"
                        + " coalesce(sum((SELECT sum((n->>'items')::bigint) FROM jsonb_array_elements(s.nodes) n)), 0)"
                        + " AS items"
                        + WINDOW,
                rs -> new Totals(
                        rs.getLong("n"),
                        dbl(rs, "p50"),
                        dbl(rs, "p95"),
                        dbl(rs, "p99"),
                        dbl(rs, "avg"),
                        rs.getLong("items")),
                tenant,
                workflow,
                ts(from),
                ts(to));
    }

    public List<NodeTotals> nodes(Connection c, UUID tenant, UUID workflow, Instant from, Instant to)
            throws SQLException {
        return Jdbc.list(
                c,
                "SELECT n->>'node' AS node, max(n->>'type') AS type, count(*) AS executions,"
                        + " sum((n->>'runs')::bigint) AS runs, sum((n->>'errors')::bigint) AS errors,"
                        + " sum((n->>'items')::bigint) AS items,"
                        + " percentile_cont(0.5) WITHIN GROUP (ORDER BY (n->>'ms')::bigint) AS p50,"
                        + " percentile_cont(0.95) WITHIN GROUP (ORDER BY (n->>'ms')::bigint) AS p95,"
                        + " percentile_cont(0.99) WITHIN GROUP (ORDER BY (n->>'ms')::bigint) AS p99"
                        + " FROM execution_stat s, jsonb_array_elements(s.nodes) n WHERE s.tenant_id = ?"
                        + " AND s.workflow_id = ? AND s.finished_at >= ? AND s.finished_at < ?"
                        + " GROUP BY n->>'node' ORDER BY n->>'node'",
                rs -> new NodeTotals(
                        rs.getString("node"),
                        rs.getString("type"),
                        rs.getLong("executions"),
                        rs.getLong("runs"),
                        rs.getLong("errors"),
                        rs.getLong("items"),
                        dbl(rs, "p50"),
                        dbl(rs, "p95"),
                        dbl(rs, "p99")),
                tenant,
                workflow,
                ts(from),
                ts(to));
    }

    /** The most frequent error messages of executions (node null) and of nodes, {@code limit} of each kind. */
    public List<MessageCount> errors(Connection c, UUID tenant, UUID workflow, Instant from, Instant to, int limit)
            throws SQLException {
        List<MessageCount> out = new ArrayList<>(Jdbc.list(
                c,
                "SELECT NULL AS node, s.error_message AS message, count(*) AS n" + WINDOW
                        + " AND s.error_message IS NOT NULL GROUP BY s.error_message ORDER BY n DESC, message LIMIT ?",
                rs -> new MessageCount(null, rs.getString("message"), rs.getLong("n")),
                tenant,
                workflow,
                ts(from),
                ts(to),
                limit));
        out.addAll(Jdbc.list(
                c,
                "SELECT node, message, n FROM (SELECT n->>'node' AS node, n->>'error' AS message, count(*) AS n,"
                        + " row_number() OVER (PARTITION BY n->>'node' ORDER BY count(*) DESC, n->>'error') AS rank"
                        + " FROM execution_stat s, jsonb_array_elements(s.nodes) n WHERE s.tenant_id = ?"
                        + " AND s.workflow_id = ? AND s.finished_at >= ? AND s.finished_at < ?"
                        + " AND n->>'error' IS NOT NULL GROUP BY n->>'node', n->>'error') t WHERE rank <= ?"
                        + " ORDER BY node, n DESC",
                rs -> new MessageCount(rs.getString("node"), rs.getString("message"), rs.getLong("n")),
                tenant,
                workflow,
                ts(from),
                ts(to),
                limit));
        return out;
    }

    /** Deletes rows that ended before {@code before}; returns how many. */
    public int deleteBefore(Connection c, Instant before) throws SQLException {
        return Jdbc.update(c, "DELETE FROM execution_stat WHERE finished_at < ?", ts(before));
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    private static Double dbl(java.sql.ResultSet rs, String col) throws SQLException {
        double d = rs.getDouble(col);
        return rs.wasNull() ? null : d;
    }
}
