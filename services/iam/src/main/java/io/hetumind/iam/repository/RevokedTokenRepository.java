package io.hetumind.iam.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The access-token revocation list ({@code iam.revoked_token}); a trigger announces each row on {@code
 * hetumind_token_revoked} when the transaction commits, which is how every verifying service learns of it.
 */
@ApplicationScoped
public class RevokedTokenRepository {

    /** Revokes the token or session {@code id} until {@code expiresAt}; runs in the caller's transaction. */
    public Uni<Void> revoke(UUID id, Instant expiresAt) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("INSERT INTO iam.revoked_token (token_id, expires_at) VALUES (?1, ?2)"
                                + " ON CONFLICT (token_id) DO UPDATE SET expires_at ="
                                + " greatest(revoked_token.expires_at, excluded.expires_at)")
                        .setParameter(1, id)
                        .setParameter(2, expiresAt.atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Drops entries whose tokens have expired anyway. */
    public Uni<Integer> purge() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("DELETE FROM iam.revoked_token WHERE expires_at < now()")
                        .executeUpdate()));
    }
}
