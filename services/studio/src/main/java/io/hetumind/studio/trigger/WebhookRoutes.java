package io.hetumind.studio.trigger;

import io.hetumind.studio.live.PgNotifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The webhooks this process answers, in memory: loaded at start, and per workflow whenever {@value
 * TriggerStore#CHANNEL} announces a change (from any replica), so a request never queries the database to find its
 * workflow. After a lost LISTEN connection everything is reloaded.
 */
@ApplicationScoped
public class WebhookRoutes {
    private static final Logger LOG = Logger.getLogger(WebhookRoutes.class);

    private final TriggerStore store;
    private final TestWebhookStore tests;
    private final PgNotifications notifications;
    private volatile RouteTable production = RouteTable.EMPTY;
    private volatile RouteTable test = RouteTable.EMPTY;
    private volatile boolean loaded;

    public WebhookRoutes(
            TriggerStore store, TestWebhookStore tests, PgNotifications notifications, MeterRegistry metrics) {
        this.store = store;
        this.tests = tests;
        this.notifications = notifications;
        Gauge.builder("hetumind.webhooks.registered", this, r -> r.production.size())
                .description("production webhooks this process routes")
                .register(metrics);
    }

    void start(@Observes StartupEvent event) {
        notifications.subscribe(TriggerStore.CHANNEL, this::changed, this::reloadAll);
    }

    /** Whether the routes have been loaded and are kept current. */
    public boolean current() {
        return loaded && notifications.connected();
    }

    RouteTable.Lookup production(String method, String path) {
        return production.find(method, path);
    }

    RouteTable.Lookup test(String method, String path) {
        return test.find(method, path);
    }

    /** Applies a change this process made itself, without waiting for its notification. */
    void changed(String payload) {
        String[] parts = payload.split(" ", 2);
        UUID workflowId;
        try {
            workflowId = UUID.fromString(parts[1]);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring a malformed trigger notice '%s'", payload);
            return;
        }
        switch (parts[0]) {
            case "webhook" -> refreshProduction(workflowId);
            case "test" -> refreshTest(workflowId);
            default -> {} // schedules are read from the table by the claimer
        }
    }

    private synchronized void refreshProduction(UUID workflowId) {
        production = production.replace(workflowId, store.webhooks(workflowId));
    }

    private synchronized void refreshTest(UUID workflowId) {
        test = test.replace(workflowId, tests.live(workflowId));
    }

    /** Drops expired listen registrations from memory. */
    synchronized void reloadTests() {
        test = RouteTable.of(tests.live(null));
    }

    private synchronized void reloadAll() {
        production = RouteTable.of(store.webhooks(null));
        test = RouteTable.of(tests.live(null));
        loaded = true;
        LOG.debugf("webhook routes loaded: %d production, %d test", production.size(), test.size());
    }

    List<WebhookEndpoint> productionOf(UUID workflowId) {
        return production.of(workflowId);
    }
}
