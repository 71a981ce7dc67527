package io.hetumind.studio.execution;

import io.hetumind.studio.execution.rest.PruneResultView;
import io.hetumind.studio.execution.rest.PruningView;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps execution records within the instance's limits (age and count): a day partition wholly past the limit and
 * holding only settled executions is dropped in one statement; the rest is deleted row by row; checkpoints of removed
 * executions go along. Runs every hour on every replica (each pass is idempotent) and on demand for admins.
 */
@ApplicationScoped
public class Pruner {
    private static final Logger LOG = Logger.getLogger(Pruner.class);
    private static final String SETTLED = "status IN ('success', 'error', 'canceled')";
    private final DataSource ds;
    private final PruningConfig config;

    public Pruner(DataSource ds, PruningConfig config) {
        this.ds = ds;
        this.config = config;
    }

    void start(@Observes StartupEvent e) {
        partitions();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        partitions();
        try {
            PruneResultView r = prune();
            if (r.partitionsDropped() + r.rowsDeleted() > 0) {
                LOG.infof(
                        "pruned executions: %d partitions dropped, %d rows deleted",
                        r.partitionsDropped(), r.rowsDeleted());
            }
        } catch (SQLException | RuntimeException ex) {
            LOG.warnf("pruning executions failed: %s", ex.getMessage());
        }
    }

    private void partitions() {
        try (Connection c = ds.getConnection()) {
            Partitions.ensure(c, config.partitionsAhead());
        } catch (SQLException ex) {
            LOG.warnf("could not create execution partitions: %s", ex.getMessage());
        }
    }

    public PruningView settings() throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT enabled, max_age_hours, max_count FROM execution_pruning")) {
            if (rs.next()) {
                return new PruningView(rs.getBoolean(1), rs.getInt(2), rs.getInt(3));
            }
        }
        return new PruningView(config.pruneEnabled(), config.pruneMaxAgeHours(), config.pruneMaxCount());
    }

    public PruningView update(PruningView v) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO execution_pruning (enabled, max_age_hours,"
                        + " max_count, updated_at) VALUES (?, ?, ?, now()) ON CONFLICT (singleton) DO UPDATE SET"
                        + " enabled = excluded.enabled, max_age_hours = excluded.max_age_hours,"
                        + " max_count = excluded.max_count, updated_at = now()")) {
            ps.setBoolean(1, v.enabled());
            ps.setInt(2, v.maxAgeHours());
            ps.setInt(3, v.maxCount());
            ps.executeUpdate();
        }
        return settings();
    }

    /** One pass under the current settings; nothing when pruning is disabled. */
    public PruneResultView prune() throws SQLException {
        PruningView s = settings();
        if (!s.enabled()) {
            return new PruneResultView(0, 0);
        }
        Instant cutoff = Instant.now().minus(s.maxAgeHours(), ChronoUnit.HOURS);
        try (Connection c = ds.getConnection()) {
            Instant countCutoff = countBoundary(c, s.maxCount());
            if (countCutoff != null && countCutoff.isAfter(cutoff)) {
                cutoff = countCutoff;
            }
            long dropped = dropWholeDays(c, cutoff);
            long deleted = deleteRows(c, cutoff, s.maxCount());
            return new PruneResultView(dropped, deleted);
        }
    }

    /** The creation time of the newest settled record beyond the newest {@code maxCount}, or null. */
    private static Instant countBoundary(Connection c, int maxCount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT created_at FROM execution WHERE " + SETTLED + " ORDER BY created_at DESC OFFSET ? LIMIT 1")) {
            ps.setInt(1, maxCount);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant().plusMillis(1) : null;
            }
        }
    }

    private static long dropWholeDays(Connection c, Instant cutoff) throws SQLException {
        long dropped = 0;
        for (Partitions.Day d : Partitions.list(c)) {
            Instant end = d.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (end.isAfter(cutoff)) {
                continue;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE " + d.table() + " IN ACCESS EXCLUSIVE MODE");
                try (ResultSet rs =
                        s.executeQuery("SELECT 1 FROM " + d.table() + " WHERE NOT " + SETTLED + " LIMIT 1")) {
                    if (rs.next()) {
                        c.rollback(); // a waiting execution lives there: its rows go one by one
                        continue;
                    }
                }
                s.executeUpdate("DELETE FROM execution_event ev USING " + d.table()
                        + " e WHERE split_part(ev.execution_id, '.', 1) = e.id::text");
                s.executeUpdate("DELETE FROM execution_checkpoint cp USING " + d.table()
                        + " e WHERE split_part(cp.id, '.', 1) = e.id::text");
                s.execute("DROP TABLE " + d.table());
                c.commit();
                dropped++;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return dropped;
    }

    private static long deleteRows(Connection c, Instant cutoff, int maxCount) throws SQLException {
        List<String> ids = new ArrayList<>();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM execution WHERE created_at < ? AND " + SETTLED + " RETURNING id::text")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            if (!ids.isEmpty()) {
                for (String table : List.of("execution_event", "execution_checkpoint")) {
                    String col = table.equals("execution_event") ? "execution_id" : "id";
                    try (PreparedStatement del = c.prepareStatement(
                            "DELETE FROM " + table + " WHERE split_part(" + col + ", '.', 1) = ANY(?)")) {
                        del.setArray(1, c.createArrayOf("text", ids.toArray()));
                        del.executeUpdate();
                    }
                }
            }
            c.commit();
            return ids.size();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
