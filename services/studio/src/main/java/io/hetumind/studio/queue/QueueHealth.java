package io.hetumind.studio.queue;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the execution queue here: the LISTEN connection is up, leases are being renewed, and (when this process
 * runs workers) the claim loop is alive. DOWN means runs here may be taken over by other workers.
 */
@Readiness
@ApplicationScoped
public class QueueHealth implements HealthCheck {
    private final QueueWorker worker;
    private final QueueListener listener;
    private final QueueDepth depth;
    private final QueueConfig config;

    public QueueHealth(QueueWorker worker, QueueListener listener, QueueDepth depth, QueueConfig config) {
        this.worker = worker;
        this.listener = listener;
        this.depth = depth;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        QueueWorker.Status s = worker.status();
        long stale = config.lease().toMillis();
        boolean claimLoopAlive = !s.claiming() || s.sinceClaimLoopMs() < Math.max(stale, 10_000) || s.busySlots() > 0;
        boolean renewing = s.sinceRenewalMs() < stale;
        HealthCheckResponseBuilder b = HealthCheckResponse.named("execution-queue")
                .status(listener.connected() && claimLoopAlive && renewing)
                .withData("listening", listener.connected())
                .withData("worker", s.claiming())
                .withData("suspended", s.suspended())
                .withData("busySlots", s.busySlots())
                .withData("queued", depth.current().queued())
                .withData("claimed", depth.current().claimed());
        if (s.lastError() != null) {
            b.withData("lastError", s.lastError());
        }
        return b.build();
    }
}
