package io.hetumind.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the token revocation list is current: a service that missed a sign-out must not take traffic. */
@Readiness
@ApplicationScoped
public class RevocationHealth implements HealthCheck {
    private final RevocationList revocations;

    public RevocationHealth(RevocationList revocations) {
        this.revocations = revocations;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !revocations.enabled() || revocations.listening();
        return HealthCheckResponse.named("token-revocations")
                .status(up)
                .withData("enabled", revocations.enabled())
                .withData("loads", revocations.loads())
                .build();
    }
}
