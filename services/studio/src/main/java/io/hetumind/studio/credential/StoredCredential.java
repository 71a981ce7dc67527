package io.hetumind.studio.credential;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A credential row: labels and sharing in clear, the data sealed. Never leaves the credentials area; responses are
 * built from it with the data decrypted and masked.
 */
public record StoredCredential(
        UUID id,
        UUID tenantId,
        String name,
        String type,
        UUID ownerId,
        boolean sharedWithTenant,
        List<UUID> sharedWith,
        Envelope.Sealed sealed,
        Instant createdAt,
        Instant updatedAt) {

    public StoredCredential {
        sharedWith = List.copyOf(sharedWith);
    }

    Envelope.Owner owner() {
        return new Envelope.Owner(tenantId, id, type);
    }

    /** Whether {@code userId} may use it in a run: its owner, a user it is shared with, or anyone when tenant-wide. */
    boolean usableBy(UUID userId) {
        return sharedWithTenant || (userId != null && (userId.equals(ownerId) || sharedWith.contains(userId)));
    }
}
