package io.hetumind.studio.credential;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/well}: DOWN when records are sealed under a master key this studio does not have (someone removed
 * a key before re-wrapping), since those credentials cannot be used; shows how many records each key wraps. A
 * wellness check, not readiness: every other credential and the rest of the studio still work.
 */
@Wellness
@ApplicationScoped
public class CredentialKeysHealth implements HealthCheck {
    private final CredentialKeys keys;
    private final CredentialVault vault;

    public CredentialKeysHealth(CredentialKeys keys, CredentialVault vault) {
        this.keys = keys;
        this.vault = vault;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Long> byKey = keys.recordsByKey();
        HealthCheckResponseBuilder b =
                HealthCheckResponse.named("credential-keys").withData("activeKey", keys.activeKey());
        long missing = 0;
        for (var e : byKey.entrySet()) {
            b.withData("records." + e.getKey(), e.getValue());
            if (!vault.envelope().hasKey(e.getKey())) {
                missing += e.getValue();
            }
        }
        return b.withData("recordsUnderMissingKeys", missing)
                .status(missing == 0)
                .build();
    }
}
