package io.hetumind.iam.service;

import io.hetumind.iam.model.RefreshToken;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.RefreshTokenRepository;
import io.hetumind.iam.repository.UserRepository;
import io.hetumind.iam.rest.dto.AuthDtos.Tokens;
import io.hetumind.iam.security.Secrets;
import io.hetumind.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * A signed-in session (a refresh-token family): rotation with reuse detection, and sign-out, which also revokes every
 * access token of the session at once (they carry its id as {@code sid}).
 */
@ApplicationScoped
public class SessionService {
    private final RefreshTokenRepository refreshTokens;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final TokenService tokens;
    private final Revocations revocations;
    private final AuditLog audit;

    public SessionService(
            RefreshTokenRepository refreshTokens,
            MembershipRepository memberships,
            UserRepository users,
            TokenService tokens,
            Revocations revocations,
            AuditLog audit) {
        this.refreshTokens = refreshTokens;
        this.memberships = memberships;
        this.users = users;
        this.tokens = tokens;
        this.revocations = revocations;
        this.audit = audit;
    }

    /** Rotates a refresh token; presenting a used or revoked one ends its whole session (theft detection). */
    public Uni<Tokens> refresh(String token, String ip) {
        return Panache.withTransaction(
                        () -> refreshTokens.byHash(Secrets.sha256(token)).chain(rt -> {
                            if (rt == null || rt.expiresAt.isBefore(Instant.now())) {
                                return Uni.createFrom().item(Outcome.<Tokens>refused());
                            }
                            if (rt.usedAt != null || rt.revokedAt != null) {
                                return reused(rt, ip);
                            }
                            return refreshTokens.markUsed(rt.id).chain(n -> n == 0 ? reused(rt, ip) : renew(rt));
                        }))
                .map(Outcome::orThrow);
    }

    private Uni<Outcome<Tokens>> renew(RefreshToken rt) {
        return memberships
                .of(rt.tenantId, rt.userId)
                .chain(m -> m == null
                        ? Uni.createFrom().item(Outcome.<Tokens>refused())
                        : users.findById(rt.userId)
                                .chain(u -> tokens.issue(u, m, rt.familyId))
                                .map(Outcome::of));
    }

    private Uni<Outcome<Tokens>> reused(RefreshToken rt, String ip) {
        return refreshTokens
                .revokeFamily(rt.familyId)
                .chain(() -> revocations.revoke(rt.familyId))
                .chain(() -> audit.record(rt.tenantId, rt.userId, "refresh.reuse", rt.familyId.toString(), ip, null))
                .replaceWith(Outcome.refused());
    }

    /** Ends the session: its refresh tokens and every access token issued in it. */
    public Uni<Void> signout(String token, String ip) {
        return Panache.withTransaction(
                        () -> refreshTokens.byHash(Secrets.sha256(token)).chain(rt -> {
                            if (rt == null || rt.revokedAt != null) {
                                return Uni.createFrom().item(Outcome.<Boolean>refused());
                            }
                            return refreshTokens
                                    .revokeFamily(rt.familyId)
                                    .chain(() -> revocations.revoke(rt.familyId))
                                    .chain(() -> audit.record(rt.tenantId, rt.userId, "signout", null, ip, null))
                                    .replaceWith(Outcome.of(true));
                        }))
                .map(Outcome::orThrow)
                .replaceWithVoid();
    }

    /** A result that may be a refusal, so a transaction can commit (e.g. a revocation) and still answer 401. */
    private record Outcome<T>(T value) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value);
        }

        static <T> Outcome<T> refused() {
            return new Outcome<>(null);
        }

        T orThrow() {
            if (value == null) {
                throw ProblemException.unauthorized("the refresh token is invalid, expired or revoked");
            }
            return value;
        }
    }
}
