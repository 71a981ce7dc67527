package io.hetumind.studio.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NodeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TenantCredentials} over the credential store: a resolver per run that decrypts a credential the first time a
 * node of the run asks for it and keeps it for the rest of the run (a node asks once per item).
 */
@ApplicationScoped
public class StoredTenantCredentials implements TenantCredentials {
    private final CredentialService credentials;

    public StoredTenantCredentials(CredentialService credentials) {
        this.credentials = credentials;
    }

    @Override
    public CredentialResolver resolverFor(UUID tenantId, UUID userId) {
        if (tenantId == null) {
            throw new IllegalArgumentException("a credential resolver needs the tenant of the run");
        }
        return new RunResolver(tenantId, userId);
    }

    private final class RunResolver implements CredentialResolver {
        private final UUID tenantId;
        private final UUID userId;
        private final Map<String, Optional<ObjectNode>> seen = new ConcurrentHashMap<>();

        RunResolver(UUID tenantId, UUID userId) {
            this.tenantId = tenantId;
            this.userId = userId;
        }

        @Override
        public Optional<ObjectNode> resolve(CredentialRef ref, String credentialType) {
            if (ref == null || credentialType == null) {
                return Optional.empty();
            }
            String key = credentialType + "\0" + ref.id() + "\0" + ref.name();
            Optional<ObjectNode> found = seen.get(key);
            if (found == null) {
                try {
                    found = credentials.resolve(tenantId, userId, ref.id(), ref.name(), credentialType);
                } catch (CredentialUnreadableException e) {
                    throw NodeException.operational(
                            "the '" + credentialType + "' credential '" + ref.name() + "' " + e.getMessage()
                                    + "; ask an administrator, or save the credential's data again",
                            null);
                }
                seen.put(key, found);
            }
            return found.map(ObjectNode::deepCopy);
        }

        @Override
        public String toString() {
            return "credentials of tenant " + tenantId + " for user " + userId;
        }
    }
}
