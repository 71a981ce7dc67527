package io.hetumind.iam.health;

import io.hetumind.iam.security.KeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a signing key is loaded: before that IAM cannot issue tokens. */
@Readiness
@ApplicationScoped
public class SigningKeyHealth implements HealthCheck {
    private final KeyRing keys;

    public SigningKeyHealth(KeyRing keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("signing-key")
                    .up()
                    .withData("kid", keys.active().kid())
                    .build();
        } catch (IllegalStateException e) {
            return HealthCheckResponse.named("signing-key").down().build();
        }
    }
}
