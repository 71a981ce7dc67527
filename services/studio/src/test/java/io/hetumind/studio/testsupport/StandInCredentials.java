package io.hetumind.studio.testsupport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.studio.credential.TenantCredentials;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST-ONLY stand-in for the credentials area's {@link TenantCredentials} until it is merged: credentials a test puts
 * here (static, so tests never inject this class: once the real bean replaces it, only tests that rely on it fail), per tenant and id. A {@code @DefaultBean}, replaced by the real implementation.
 */
@DefaultBean
@ApplicationScoped
public class StandInCredentials implements TenantCredentials {
    private static final Map<String, ObjectNode> DATA = new ConcurrentHashMap<>();

    public static void put(UUID tenantId, String credentialId, ObjectNode value) {
        DATA.put(tenantId + "/" + credentialId, value);
    }

    @Override
    public CredentialResolver resolverFor(UUID tenantId, UUID userId) {
        return (ref, type) -> Optional.ofNullable(DATA.get(tenantId + "/" + ref.id()));
    }
}
