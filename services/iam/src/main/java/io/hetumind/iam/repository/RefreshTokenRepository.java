package io.hetumind.iam.repository;

import io.hetumind.iam.model.RefreshToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Refresh tokens by digest; rotation marks them used, reuse revokes the whole family. */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    public Uni<RefreshToken> byHash(String hash) {
        return find("tokenHash", hash).firstResult();
    }

    /** Marks the token used; 0 when someone else already did (a concurrent reuse). */
    public Uni<Integer> markUsed(UUID id) {
        return update("usedAt = current_timestamp where id = ?1 and usedAt is null and revokedAt is null", id);
    }

    /** Ends every session of a user in a tenant (removed from it, or role changed). */
    public Uni<Integer> revokeMember(UUID tenantId, UUID userId) {
        return update(
                "revokedAt = current_timestamp where tenantId = ?1 and userId = ?2 and revokedAt is null",
                tenantId,
                userId);
    }

    public Uni<Integer> revokeFamily(UUID familyId) {
        return update("revokedAt = current_timestamp where familyId = ?1 and revokedAt is null", familyId);
    }

    /** The session (family) ids of a member's live refresh tokens: their access tokens carry them as {@code sid}. */
    public Uni<java.util.List<UUID>> liveFamilies(UUID tenantId, UUID userId) {
        return getSession().chain(s -> s.createQuery(
                        "select distinct r.familyId from RefreshToken r where r.tenantId = :t and r.userId = :u"
                                + " and r.expiresAt > current_timestamp",
                        UUID.class)
                .setParameter("t", tenantId)
                .setParameter("u", userId)
                .setMaxResults(1000)
                .getResultList());
    }
}
