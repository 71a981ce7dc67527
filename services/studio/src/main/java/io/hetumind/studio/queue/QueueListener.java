package io.hetumind.studio.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.execution.ExecutionRunner;
import io.hetumind.studio.execution.LiveEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One LISTEN connection per process: {@code hetumind_execution_queue} wakes the claim loop at once when a row is queued
 * anywhere, and {@code hetumind_execution_events} completes local callers waiting for a run another worker finished.
 */
@ApplicationScoped
public class QueueListener {
    private static final Logger LOG = Logger.getLogger(QueueListener.class);
    private static final Set<String> SETTLED = Set.of("success", "error", "canceled", "waiting");

    private final DataSource ds;
    private final QueueWorker worker;
    private final ExecutionRunner runner;
    private volatile boolean running = true;
    private volatile boolean connected;
    private Thread thread;

    public QueueListener(DataSource ds, QueueWorker worker, ExecutionRunner runner) {
        this.ds = ds;
        this.worker = worker;
        this.runner = runner;
    }

    void start(@Observes StartupEvent e) {
        thread = Thread.ofPlatform().daemon().name("queue-listener").start(this::loop);
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Whether the LISTEN connection is up (health). */
    public boolean connected() {
        return connected;
    }

    private void loop() {
        while (running) {
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN " + ExecutionQueue.CHANNEL);
                s.execute("LISTEN " + LiveEvents.CHANNEL);
                connected = true;
                worker.wake(); // rows queued while disconnected
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(500);
                    if (got == null) {
                        continue;
                    }
                    boolean wake = false;
                    for (PGNotification n : got) {
                        if (ExecutionQueue.CHANNEL.equals(n.getName())) {
                            wake = true;
                        } else {
                            io.hetumind.studio.live.Notices.unpack(n.getParameter())
                                    .forEach(this::settled);
                        }
                    }
                    if (wake) {
                        worker.wake();
                    }
                }
            } catch (SQLException | RuntimeException ex) {
                connected = false;
                if (running) {
                    LOG.warnf("queue listener: %s; reconnecting", ex.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
        connected = false;
    }

    private void settled(String payload) {
        if (!payload.contains("\"type\":\"status\"")) {
            return;
        }
        JsonNode n = Json.parse(payload);
        if (SETTLED.contains(n.path("status").asText())) {
            String id = n.path("executionId").asText();
            if (!runner.runsHere(id)) {
                Thread.ofVirtual()
                        .start(() -> runner.settledElsewhere(
                                UUID.fromString(n.path("tenantId").asText()), id));
            }
        }
    }
}
