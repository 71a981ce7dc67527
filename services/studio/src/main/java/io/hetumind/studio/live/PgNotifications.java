package io.hetumind.studio.live;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The process's one LISTEN connection (outside the pool, it lives as long as the process). Areas subscribe to a
 * channel with a payload handler and a "(re)connected" callback, which runs after LISTEN is in place, so a reload done
 * there and the notifications after it together miss nothing. Reconnects with back-off when the connection drops.
 */
@ApplicationScoped
public class PgNotifications {
    private static final Logger LOG = Logger.getLogger(PgNotifications.class);

    private static final long PING_NANOS = 15_000_000_000L;

    private record Subscriber(String channel, Consumer<String> handler, Runnable connected) {}

    private final String url;
    private final Properties props = new Properties();
    private final Map<String, List<Subscriber>> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Subscriber> pending = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private volatile boolean connected;
    private volatile boolean stopping;
    private Thread thread;

    public PgNotifications(Config config) {
        this.url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        props.setProperty(
                "user",
                config.getOptionalValue("quarkus.datasource.username", String.class)
                        .orElse(""));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "hetumind-studio-listen");
        props.setProperty("tcpKeepAlive", "true");
    }

    /** Listens on {@code channel}; {@code connected} runs now (once listening) and after every reconnection. */
    public void subscribe(String channel, Consumer<String> handler, Runnable connected) {
        Subscriber s = new Subscriber(channel, handler, connected);
        synchronized (lock) {
            byChannel
                    .computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>())
                    .add(s);
            pending.add(s);
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("hetumind-pg-listen").start(this::loop);
            }
        }
    }

    /** Whether the LISTEN connection is up. */
    public boolean connected() {
        return connected;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void loop() {
        long backoff = 100;
        while (!stopping) {
            try (Connection c = new org.postgresql.Driver().connect(url, props)) {
                if (c == null) {
                    throw new SQLException("the JDBC URL is not a PostgreSQL URL: " + url);
                }
                pending.clear();
                for (String channel : byChannel.keySet()) {
                    listen(c, channel);
                }
                connected = true;
                backoff = 100;
                byChannel.values().forEach(list -> list.forEach(this::connected));
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastPing = System.nanoTime();
                while (!stopping) {
                    if (System.nanoTime() - lastPing > PING_NANOS) {
                        // a silently dropped connection only shows when something is sent on it
                        try (Statement st = c.createStatement()) {
                            st.execute("SELECT 1");
                        }
                        lastPing = System.nanoTime();
                    }
                    Subscriber s;
                    while ((s = pending.poll()) != null) {
                        listen(c, s.channel());
                        connected(s);
                    }
                    PGNotification[] notes = pg.getNotifications(250);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            dispatch(n.getName(), n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (connected) {
                    LOG.warnf("LISTEN connection lost (%s); reconnecting", e.getMessage());
                }
                connected = false;
                if (stopping) {
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
        connected = false;
    }

    private static void listen(Connection c, String channel) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN \"" + channel.replace("\"", "") + "\"");
        }
    }

    private void connected(Subscriber s) {
        try {
            s.connected().run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "reloading after (re)connecting to channel %s failed", s.channel());
        }
    }

    private void dispatch(String channel, String payload) {
        for (Subscriber s : byChannel.getOrDefault(channel, List.of())) {
            try {
                s.handler().accept(payload);
            } catch (RuntimeException e) {
                LOG.warnf(e, "handling a notification on %s failed", channel);
            }
        }
    }
}
