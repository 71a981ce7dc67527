package io.hetumind.studio.credential;

import io.hetumind.core.spi.CredentialResolver;
import java.util.UUID;

/**
 * Credentials as one execution may use them: only the tenant's own, decrypted just when a node asks. Executions pass
 * the resolver as a per-run service ({@code RunRequest.withService(CredentialResolver.class, …)}).
 */
public interface TenantCredentials {
    /**
     * The resolver for a run of {@code tenantId}'s workflow started by {@code userId} (null for triggers: the
     * workflow's owner's shares apply).
     */
    CredentialResolver resolverFor(UUID tenantId, UUID userId);
}
