package io.hetumind.studio.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the triggers: DOWN while the webhook routes are not loaded or not kept current (LISTEN connection
 * lost), or when schedules are on here and the last poll for due ticks is older than ten poll periods.
 */
@Readiness
@ApplicationScoped
public class TriggerHealth implements HealthCheck {
    private final WebhookRoutes routes;
    private final ScheduleRunner schedules;
    private final TriggerConfig config;
    private final ListenerHost listeners;

    public TriggerHealth(WebhookRoutes routes, ScheduleRunner schedules, TriggerConfig config, ListenerHost listeners) {
        this.listeners = listeners;
        this.routes = routes;
        this.schedules = schedules;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean routing = routes.current();
        Instant lastPoll = schedules.lastPoll();
        Duration stale = config.schedulePoll().multipliedBy(10).plusSeconds(5);
        boolean polling = !config.schedulesEnabled()
                || (lastPoll != null && lastPoll.isAfter(Instant.now().minus(stale)));
        return HealthCheckResponse.named("triggers")
                .status(routing && polling)
                .withData("webhookRoutesCurrent", routing)
                .withData("scheduleLastPoll", String.valueOf(lastPoll))
                // a listener whose broker is down does not make the replica unready: it is shown and retried
                .withData("listenersHeld", listeners.held())
                .withData("listenersDown", String.valueOf(listeners.down()))
                .build();
    }
}
