package io.hetumind.studio.live;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Which tenants someone follows live, on any replica: a replica with a live connection of a tenant announces it on
 * {@code hetumind_live_watch} when the first one opens and every {@value #ANNOUNCE_SECONDS} s while any stays open;
 * every replica takes an announcement as good for {@value #HEARD_FOR_SECONDS} s. Runs of tenants nobody follows publish
 * no node events — only the final or parked status, which callers waiting on another replica need (see
 * {@code LiveEvents}).
 */
@ApplicationScoped
public class LiveWatch {
    public static final String CHANNEL = "hetumind_live_watch";
    static final int ANNOUNCE_SECONDS = 5;
    static final int HEARD_FOR_SECONDS = 3 * ANNOUNCE_SECONDS;
    /** Tenant ids per notification: 36 characters and a comma each stay well under PostgreSQL's 8000-byte payload. */
    private static final int PER_NOTICE = 150;

    private static final Logger LOG = Logger.getLogger(LiveWatch.class);

    private final DataSource ds;
    private final PgNotifications notifications;
    private final Map<UUID, Integer> local = new ConcurrentHashMap<>();
    private final Map<UUID, Long> heard = new ConcurrentHashMap<>();

    public LiveWatch(DataSource ds, PgNotifications notifications) {
        this.ds = ds;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        // after a reconnection what others announced meanwhile is lost, and they may have missed ours: announce again
        notifications.subscribe(CHANNEL, this::heard, () -> announceLater(List.copyOf(local.keySet())));
    }

    /** Whether a live connection of {@code tenant} is open here or was announced by a replica lately. */
    public boolean watched(UUID tenant) {
        if (local.containsKey(tenant)) {
            return true;
        }
        Long until = heard.get(tenant);
        return until != null && until - System.nanoTime() > 0;
    }

    /** A live connection of {@code tenant} opened here. */
    void opened(UUID tenant) {
        if (local.merge(tenant, 1, Integer::sum) == 1) {
            announceLater(List.of(tenant));
        }
    }

    /** A live connection of {@code tenant} closed here. */
    void closed(UUID tenant) {
        local.computeIfPresent(tenant, (k, n) -> n <= 1 ? null : n - 1);
    }

    @Scheduled(every = ANNOUNCE_SECONDS + "s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reannounce() {
        long now = System.nanoTime();
        heard.entrySet().removeIf(e -> e.getValue() - now <= 0);
        if (!local.isEmpty()) {
            announce(List.copyOf(local.keySet()));
        }
    }

    void heard(String payload) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEARD_FOR_SECONDS);
        for (String part : payload.split(",")) {
            try {
                heard.put(UUID.fromString(part.trim()), until);
            } catch (IllegalArgumentException e) {
                LOG.debugf("ignored live watch notice part %s", part);
            }
        }
    }

    private void announceLater(List<UUID> tenants) {
        if (!tenants.isEmpty()) {
            Thread.ofVirtual().name("live-watch-announce").start(() -> announce(tenants));
        }
    }

    private void announce(List<UUID> tenants) {
        List<String> notices = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i += PER_NOTICE) {
            notices.add(String.join(
                    ",",
                    tenants.subList(i, Math.min(tenants.size(), i + PER_NOTICE)).stream()
                            .map(UUID::toString)
                            .toList()));
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(pg_notify('" + CHANNEL + "', p)) FROM unnest(?::text[]) AS t(p)")) {
            ps.setArray(1, c.createArrayOf("text", notices.toArray()));
            ps.execute();
        } catch (SQLException | RuntimeException e) {
            // the next announcement (at most ANNOUNCE_SECONDS away) tries again; until then other replicas may not
            // publish this tenant's node events
            LOG.warnf("live watch: could not announce %d tenants: %s", tenants.size(), e.getMessage());
        }
    }
}
