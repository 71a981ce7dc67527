package io.hetumind.studio.execution;

import io.hetumind.platform.db.Jdbc;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
    private final Jdbc db;
    private final ExecutionsConfig config;

    public Pruner(Jdbc db, ExecutionsConfig config) {
        this.db = db;
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
        try {
            db.read(c -> {
                Partitions.ensure(c, config.partitionsAhead());
                return null;
            });
        } catch (SQLException ex) {
            LOG.warnf("could not create execution partitions: %s", ex.getMessage());
        }
    }

    public PruningView settings() throws SQLException {
        PruningView stored = db.read(c -> Jdbc.one(
                c,
                "SELECT enabled, max_age_hours, max_count FROM execution_pruning",
                rs -> new PruningView(rs.getBoolean(1), rs.getInt(2), rs.getInt(3))));
        return stored != null
                ? stored
                : new PruningView(config.pruneEnabled(), config.pruneMaxAgeHours(), config.pruneMaxCount());
    }

    public PruningView update(PruningView v) throws SQLException {
        db.read(c -> Jdbc.update(
                c,
                "INSERT INTO execution_pruning (enabled, max_age_hours, max_count, updated_at) VALUES (?, ?, ?, now())"
                        + " ON CONFLICT (singleton) DO UPDATE SET enabled = excluded.enabled, max_age_hours ="
                        + " excluded.max_age_hours, max_count = excluded.max_count, updated_at = now()",
                v.enabled(),
                v.maxAgeHours(),
                v.maxCount()));
        return settings();
    }

    /** One pass under the current settings; nothing when pruning is disabled. */
    public PruneResultView prune() throws SQLException {
        PruningView s = settings();
        if (!s.enabled()) {
            return new PruneResultView(0, 0);
        }
        Instant byAge = Instant.now().minus(s.maxAgeHours(), ChronoUnit.HOURS);
        Instant byCount = db.read(c -> countBoundary(c, s.maxCount()));
        Instant cutoff = byCount != null && byCount.isAfter(byAge) ? byCount : byAge;
        long dropped = 0;
        for (Partitions.Day d : db.read(Partitions::list)) {
            Instant end = d.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (!end.isAfter(cutoff) && db.txChecked(c -> dropWholeDay(c, d))) {
                dropped++;
            }
        }
        long deleted = db.txChecked(c -> deleteRows(c, cutoff));
        return new PruneResultView(dropped, deleted);
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

    /** Drops a day's partition if it holds only settled executions (with their checkpoints); false if not. */
    private static boolean dropWholeDay(Connection c, Partitions.Day d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + d.table() + " IN ACCESS EXCLUSIVE MODE");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM " + d.table() + " WHERE NOT " + SETTLED + " LIMIT 1")) {
                if (rs.next()) {
                    return false; // a waiting execution lives there: its rows go one by one
                }
            }
            s.executeUpdate("DELETE FROM execution_event ev USING " + d.table()
                    + " e WHERE split_part(ev.execution_id, '.', 1) = e.id::text");
            s.executeUpdate("DELETE FROM execution_checkpoint cp USING " + d.table()
                    + " e WHERE split_part(cp.id, '.', 1) = e.id::text");
            s.execute("DROP TABLE " + d.table());
            return true;
        }
    }

    private static long deleteRows(Connection c, Instant cutoff) throws SQLException {
        List<String> ids = Jdbc.list(
                c,
                "DELETE FROM execution WHERE created_at < ? AND " + SETTLED + " RETURNING id::text",
                rs -> rs.getString(1),
                cutoff);
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
        return ids.size();
    }
}
