package io.hetumind.taskagent;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when registered with a task-server. */
@Readiness
@ApplicationScoped
public class LinkHealth implements HealthCheck {
    private final AgentDaemon daemon;

    public LinkHealth(AgentDaemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public HealthCheckResponse call() {
        var link = daemon.link();
        boolean up = link != null && link.connected();
        return HealthCheckResponse.named("task-server link")
                .status(up)
                .withData("agentId", up ? String.valueOf(link.agentId()) : "none")
                .build();
    }
}
