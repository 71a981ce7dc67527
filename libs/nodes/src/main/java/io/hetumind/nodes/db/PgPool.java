package io.hetumind.nodes.db;

import io.hetumind.core.spi.NodeException;
import io.hetumind.jdbc.sockets.RegisteredSocketFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small bounded JDBC connection pool for one PostgreSQL credential: at most {@code max}
 * connections, idle ones validated before reuse, all closed by {@link #close()}.
 */
final class PgPool implements AutoCloseable {

    private final String url;
    private final Properties props;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final long acquireTimeoutMs;
    private final RegisteredSocketFactory.Registration sockets;
    private final PgTunnel tunnel;
    private volatile boolean closed;

    /** A pool whose driver gets its sockets from {@code sockets} (null: the default), registered until close. */
    PgPool(String url, Properties props, int max, long acquireTimeoutMs, RegisteredSocketFactory.Registration sockets) {
        this(url, props, max, acquireTimeoutMs, sockets, null);
    }

    /**
     * A pool whose connections go through {@code tunnel} (null: none; then {@code sockets} are the tunnel's), which
     * it closes with itself.
     */
    PgPool(
            String url,
            Properties props,
            int max,
            long acquireTimeoutMs,
            RegisteredSocketFactory.Registration sockets,
            PgTunnel tunnel) {
        this.url = url;
        this.props = props;
        this.sockets = sockets;
        this.tunnel = tunnel;
        this.permits = new Semaphore(Math.max(1, max), true);
        this.acquireTimeoutMs = acquireTimeoutMs;
    }

    /** A connection from the pool; closing the returned handle gives it back. */
    Lease borrow() throws SQLException, InterruptedException {
        if (closed) {
            throw new SQLException("the connection pool is closed", "08003");
        }
        if (!permits.tryAcquire(acquireTimeoutMs, TimeUnit.MILLISECONDS)) {
            throw new SQLException("no free connection in the pool within " + acquireTimeoutMs + " ms", "08001");
        }
        try {
            for (Connection c; (c = idle.pollFirst()) != null; ) {
                if (c.isValid(2)) {
                    return new Lease(c);
                }
                quietClose(c);
            }
            return new Lease(open());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private Connection open() throws SQLException {
        if (tunnel == null) {
            return DriverManager.getConnection(url, props);
        }
        tunnel.current(); // SSH trouble as its own clear error, before the driver's "connection attempt failed"
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            String refusal = tunnel.refusal();
            if (refusal != null) {
                throw NodeException.operational(refusal, null);
            }
            throw e;
        }
    }

    int idleCount() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            quietClose(c);
        }
        if (sockets != null) {
            // connections still leased keep their sockets; new ones cannot be opened after close anyway
            sockets.close();
        }
        if (tunnel != null) {
            tunnel.close();
        }
    }

    private static void quietClose(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being discarded either way
        }
    }

    /** A borrowed connection; a broken one (or any after the pool closed) is discarded on return. */
    final class Lease implements AutoCloseable {
        private final Connection connection;
        private boolean broken;

        private Lease(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        void markBroken() {
            broken = true;
        }

        @Override
        public void close() {
            try {
                if (broken || closed || connection.isClosed()) {
                    quietClose(connection);
                } else {
                    if (!connection.getAutoCommit()) {
                        connection.rollback();
                        connection.setAutoCommit(true);
                    }
                    idle.addFirst(connection);
                }
            } catch (SQLException e) {
                quietClose(connection);
            } finally {
                permits.release();
            }
        }
    }
}
