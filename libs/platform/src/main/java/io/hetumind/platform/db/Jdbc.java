package io.hetumind.platform.db;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain JDBC for services whose work is blocking anyway (the task-server, the studio's engine and queue), with one
 * transaction rule: {@link #tx} <b>joins the caller's JTA transaction when one is active</b> (a {@code @Transactional}
 * method up the stack: its statements then commit or roll back with everything else the caller does) and otherwise
 * runs its own local transaction, committed when the work returns and rolled back when it throws. Repositories take
 * the {@link Connection} of the transaction they run in and use the static helpers, so several repositories'
 * statements commit together. {@link #read} is for work that needs no transaction of its own (one statement, or
 * reads); it too runs in the caller's JTA transaction when there is one.
 */
public class Jdbc {
    private final DataSource ds;
    private final TransactionManager transactions;

    /** Local transactions only (no JTA in this process). */
    public Jdbc(DataSource ds) {
        this(ds, null);
    }

    /**
     * Joins {@code transactions}' active transaction when there is one. The pool must enlist the connections it hands
     * out in that transaction (Agroal does, under Narayana).
     */
    public Jdbc(DataSource ds, TransactionManager transactions) {
        this.ds = ds;
        this.transactions = transactions;
    }

    /** Work inside one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work inside one connection that returns nothing. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Connection c) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The data source (for a dedicated connection outside the rule: LISTEN, long reads). */
    public DataSource dataSource() {
        return ds;
    }

    /**
     * Runs {@code work} in a transaction: the caller's JTA transaction if one is active (marked rollback-only if the
     * work throws), else a local one, committed when it returns and rolled back when it throws.
     */
    public <T> T tx(Work<T> work) {
        try {
            return txChecked(work);
        } catch (SQLException e) {
            throw new DataException(e);
        }
    }

    /** {@link #tx} without a result. */
    public void txRun(VoidWork work) {
        tx(c -> {
            work.run(c);
            return null;
        });
    }

    /** {@link #tx} for callers that handle {@link SQLException} themselves. */
    public <T> T txChecked(Work<T> work) throws SQLException {
        if (joinsCallersTransaction()) {
            try (Connection c = ds.getConnection()) {
                try {
                    return work.run(c);
                } catch (SQLException | RuntimeException e) {
                    rollbackOnly();
                    throw e;
                }
            }
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                resetAutoCommit(c);
            }
        }
    }

    /**
     * Runs {@code work} on a connection without a transaction of its own: each statement commits by itself, unless the
     * caller's JTA transaction is active, which the statements then join.
     */
    public <T> T read(Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        }
    }

    /** Whether a JTA transaction is active on this thread, so {@link #tx} joins it. */
    public boolean joinsCallersTransaction() {
        if (transactions == null) {
            return false;
        }
        try {
            int status = transactions.getStatus();
            return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
        } catch (SystemException e) {
            return false;
        }
    }

    private void rollbackOnly() {
        try {
            transactions.setRollbackOnly();
        } catch (SystemException | IllegalStateException e) {
            // the transaction ended meanwhile: nothing left to mark
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // the connection broke: the server rolls back on its own
        }
    }

    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // a broken connection: the pool discards it
        }
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    public static <T> T one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> l = list(c, sql, row, args);
        return l.isEmpty() ? null : l.getFirst();
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, jdbc(args[i]));
        }
        return ps;
    }

    public static Object jdbc(Object v) {
        return v instanceof Instant i ? Timestamp.from(i) : v;
    }

    public static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    public static UUID uuid(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, UUID.class);
    }

    public static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    public static Integer intOrNull(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    /**
     * Whether {@code failure} (or one of its causes) is the database being out of reach rather than a statement it
     * refuses: a connection lost, refused or terminated ({@code 08…}, {@code 57P…}), the server out of resources
     * ({@code 53…}), a serialization failure or deadlock ({@code 40001}, {@code 40P01}), an I/O error, or the pool
     * handing out no connection (a driver or pool error without an SQL state). Work that failed so may succeed as it
     * is when tried again later; work that failed otherwise will fail the same way.
     */
    public static boolean unreachable(Throwable failure) {
        boolean stateless = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException e) {
                String state = e.getSQLState();
                if (state != null) {
                    // the first SQL state in the chain says what the server (or driver) made of it
                    return state.startsWith("08")
                            || state.startsWith("57P")
                            || state.startsWith("53")
                            || state.equals("40001")
                            || state.equals("40P01");
                }
                stateless = true;
            }
        }
        return stateless;
    }

    /** A database failure: an operational error, reported as a 500 with a reference. */
    public static class DataException extends RuntimeException {
        public DataException(SQLException e) {
            super(e.getMessage(), e);
        }
    }
}
