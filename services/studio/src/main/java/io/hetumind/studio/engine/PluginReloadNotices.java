package io.hetumind.studio.engine;

import io.hetumind.studio.live.PgNotifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Carries a plugin reload to every studio process sharing the database: after a reload asked of this process, a notice
 * on {@value #CHANNEL} (payload: this process's id) makes each other process reload its own plugins directory. Notices
 * are heard on the process's one LISTEN connection ({@link PgNotifications}); this process's own is ignored, notices
 * that arrive while a reload is waiting to run are folded into it, and the reload runs off the LISTEN thread. When the
 * LISTEN connection comes back after a drop, notices sent meanwhile are lost, so the process reloads once then too.
 * {@code hetumind.plugins.reload.notices} counts notices by outcome: {@code sent}, {@code unsent} (sending failed),
 * {@code heard} (another process's), {@code own} (ignored).
 */
@ApplicationScoped
public class PluginReloadNotices {
    public static final String CHANNEL = "hetumind_plugin_reload";

    private static final Logger LOG = Logger.getLogger(PluginReloadNotices.class);

    private final String origin = UUID.randomUUID().toString();
    private final DataSource ds;
    private final PgNotifications notifications;
    private final PluginReloads reloads;
    private final MeterRegistry meters;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicBoolean firstConnection = new AtomicBoolean(true);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("plugin-reload-notice").factory());

    public PluginReloadNotices(
            DataSource ds, PgNotifications notifications, PluginReloads reloads, MeterRegistry meters) {
        this.ds = ds;
        this.notifications = notifications;
        this.reloads = reloads;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        notifications.subscribe(CHANNEL, this::heard, this::connected);
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** This process's id, the payload of its notices. */
    public String origin() {
        return origin;
    }

    /** Asks every other studio process to reload its plugins; whether the notice went out. */
    public boolean announce() {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, origin);
            ps.execute();
            count("sent");
            return true;
        } catch (SQLException | RuntimeException e) {
            count("unsent");
            LOG.warnf(
                    "node plugin reload: could not notify the other studio processes (%s); reload each of them",
                    e.getMessage());
            return false;
        }
    }

    /** A notice on {@value #CHANNEL}: any payload but this process's id asks for a reload here. */
    void heard(String payload) {
        if (origin.equals(payload)) {
            count("own");
            return;
        }
        count("heard");
        LOG.infof("node plugin reload asked by studio process %s", payload);
        reloadSoon(PluginReloads.Source.NOTICE);
    }

    private void connected() {
        if (!firstConnection.getAndSet(false)) {
            reloadSoon(PluginReloads.Source.RECONNECT);
        }
    }

    /** Runs one reload on the worker, unless one is already waiting there: it will see the same directory. */
    private void reloadSoon(PluginReloads.Source source) {
        if (!waiting.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                waiting.set(false);
                try {
                    reloads.reload(source);
                } catch (RuntimeException e) {
                    // logged and counted as failed by PluginReloads; the plugins in service stay
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.set(false); // shutting down
        }
    }

    private void count(String outcome) {
        Counter.builder("hetumind.plugins.reload.notices")
                .tag("outcome", outcome)
                .description("node plugin reload notices between studio processes, by outcome")
                .register(meters)
                .increment();
    }
}
