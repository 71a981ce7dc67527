package io.hetumind.taskserver.ws;

import io.agroal.api.AgroalDataSource;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on {@code sched_ready}: every queued instance, from any server, announces its tenant, namespace and ready
 * time, and this server wakes its parked agents at that moment (how cron lag stays in milliseconds).
 */
@ApplicationScoped
public class ReadyListener {
    private static final Logger LOG = Logger.getLogger(ReadyListener.class);
    private final AgroalDataSource ds;
    private final Dispatcher dispatcher;
    private volatile boolean running = true;
    private Thread thread;

    public ReadyListener(AgroalDataSource ds, Dispatcher dispatcher) {
        this.ds = ds;
        this.dispatcher = dispatcher;
    }

    void start(@Observes StartupEvent e) {
        thread = Thread.ofPlatform().daemon().name("sched-ready-listener").start(this::loop);
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (running) {
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN sched_ready");
                armUpcoming(c);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(500);
                    if (got != null) {
                        for (PGNotification n : got) {
                            handle(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException ex) {
                if (running) {
                    LOG.warnf("ready listener: %s; reconnecting", ex.getMessage());
                    sleep();
                }
            }
        }
    }

    /** After a (re)connect, arm timers for instances already planned, whose notifications went before. */
    private void armUpcoming(Connection c) throws SQLException {
        Db.list(
                c,
                "SELECT DISTINCT tenant_id::text || '|' || namespace AS k, ready_at FROM task_instance"
                        + " WHERE status = 'queued' AND ready_at > now() ORDER BY ready_at LIMIT 10000",
                rs -> {
                    dispatcher.wakeAt(
                            rs.getString("k"),
                            InstanceRepository.readyMillis(
                                    rs.getTimestamp("ready_at").toInstant()));
                    return null;
                });
    }

    private void handle(String payload) {
        String[] p = payload.split("\\|", 3);
        if (p.length == 3) {
            try {
                dispatcher.wakeAt(p[0] + "|" + p[2], Long.parseLong(p[1]));
            } catch (NumberFormatException e) {
                LOG.debugf("ignored notification %s", payload);
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
