package io.hetumind.platform.security;

import io.hetumind.platform.config.AuthConfig;
import io.hetumind.platform.config.PgUrl;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Access tokens revoked before they expire (sign-out), by {@code jti} or session id ({@code sid}). IAM writes them to
 * {@code iam.revoked_token} and announces each on the PostgreSQL channel {@value #CHANNEL}; every verifying service
 * keeps the list in memory, loaded at (re)connection and kept current by LISTEN, so checking a token costs a map
 * lookup, never a query. Entries are dropped once the token they name has expired.
 */
@ApplicationScoped
public class RevocationList {
    /** The notification channel; the payload is {@code <uuid> <expiry epoch seconds>}. */
    public static final String CHANNEL = "hetumind_token_revoked";

    private static final Logger LOG = Logger.getLogger(RevocationList.class);

    private final Map<UUID, Long> revoked = new ConcurrentHashMap<>();
    private final AtomicLong loads = new AtomicLong();
    private final Optional<PgConnectOptions> options;
    private final Vertx vertx;
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;
    private volatile boolean stopping;

    public RevocationList(AuthConfig config, Config all, Vertx vertx) {
        this(config, all, vertx, null);
    }

    @jakarta.inject.Inject
    public RevocationList(AuthConfig config, Config all, Vertx vertx, MeterRegistry metrics) {
        this.vertx = vertx;
        if (metrics != null) {
            metrics.gaugeMapSize("hetumind.auth.revocations", java.util.List.of(), revoked);
        }
        this.options = config.revocationDbUrl()
                .map(url -> connectOptions(PgUrl.parse("hetumind.auth.revocation-db-url", url)))
                .or(() -> all.getOptionalValue("quarkus.datasource.reactive.url", String.class)
                        .map(url -> {
                            PgConnectOptions o = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
                            all.getOptionalValue("quarkus.datasource.username", String.class)
                                    .ifPresent(o::setUser);
                            all.getOptionalValue("quarkus.datasource.password", String.class)
                                    .filter(p -> !p.isEmpty())
                                    .ifPresent(o::setPassword);
                            return o;
                        }));
    }

    private static PgConnectOptions connectOptions(PgUrl url) {
        PgConnectOptions o = new PgConnectOptions()
                .setHost(url.host())
                .setPort(url.port())
                .setDatabase(url.database())
                .setUser(url.user());
        if (url.password() != null) {
            o.setPassword(url.password());
        }
        return o;
    }

    void start(@Observes StartupEvent event) {
        if (options.isEmpty()) {
            LOG.warn("no database for the token revocation list (hetumind.auth.revocation-db-url): signed-out"
                    + " access tokens stay valid in this service until they expire");
            return;
        }
        PgSubscriber s = PgSubscriber.subscriber(vertx, options.get())
                .reconnectPolicy(retries -> Math.min(5_000L, 100L * (1L << Math.min(retries, 6))));
        s.closeHandler(v -> {
            listening = false;
            if (!stopping) {
                LOG.warn("token revocation listener disconnected; reconnecting");
            }
        });
        s.channel(CHANNEL).handler(this::notified).subscribeHandler(v -> reload(s.actualConnection()));
        s.connect().onFailure(e -> LOG.warnf("token revocation listener cannot connect yet: %s", e.getMessage()));
        subscriber = s;
        vertx.setPeriodic(60_000, id -> purge());
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        PgSubscriber s = subscriber;
        if (s != null) {
            s.close();
        }
    }

    /** Whether the list is being kept current (the listener is connected and has loaded the table). */
    public boolean listening() {
        return listening;
    }

    /** Whether a revocation database is configured at all. */
    public boolean enabled() {
        return options.isPresent();
    }

    /** How many times the table was (re)loaded: once per (re)connection. */
    public long loads() {
        return loads.get();
    }

    /** Whether the token {@code id} ({@code jti} or {@code sid}) is revoked. */
    public boolean revoked(UUID id) {
        Long until = revoked.get(id);
        return until != null && until >= Instant.now().getEpochSecond();
    }

    /** Records a revocation seen locally (IAM adds what it has just committed, before the notification arrives). */
    public void add(UUID id, Instant expiresAt) {
        revoked.merge(id, expiresAt.getEpochSecond(), Math::max);
    }

    private void notified(String payload) {
        String[] parts = payload.split(" ", 2);
        try {
            add(UUID.fromString(parts[0]), Instant.ofEpochSecond(Long.parseLong(parts[1])));
        } catch (RuntimeException e) {
            LOG.warnf("ignoring a malformed revocation notice '%s'", payload);
        }
    }

    private void reload(PgConnection connection) {
        // LISTEN is in place before this query runs, so a revocation made meanwhile is either read or notified.
        connection
                .query("SELECT token_id, extract(epoch from expires_at)::bigint FROM iam.revoked_token"
                        + " WHERE expires_at > now()")
                .execute()
                .onSuccess(rows -> {
                    for (Row r : rows) {
                        revoked.merge(r.getUUID(0), r.getLong(1), Math::max);
                    }
                    loads.incrementAndGet();
                    listening = true;
                })
                .onFailure(e -> {
                    // Before IAM's first migration the table does not exist: nothing is revoked yet.
                    boolean missing = e.getMessage() != null && e.getMessage().contains("does not exist");
                    if (missing) {
                        loads.incrementAndGet();
                        listening = true;
                    } else {
                        LOG.warnf("loading the token revocation list failed: %s", e.getMessage());
                    }
                });
    }

    private void purge() {
        long now = Instant.now().getEpochSecond();
        revoked.values().removeIf(until -> until < now);
    }
}
