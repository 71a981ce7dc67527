package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.model.Membership;
import io.hetumind.iam.model.RefreshToken;
import io.hetumind.iam.model.Role;
import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.RefreshTokenRepository;
import io.hetumind.iam.repository.RoleRepository;
import io.hetumind.iam.rest.dto.AuthDtos.Tokens;
import io.hetumind.iam.security.Permissions;
import io.hetumind.iam.security.Secrets;
import io.hetumind.iam.security.TokenIssuer;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Claims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues a user's token pair: a signed access token and a fresh refresh token of a rotation family (a session, whose
 * id the access token carries as {@code sid} so signing out can revoke it).
 */
@ApplicationScoped
public class TokenService {
    private final TokenIssuer issuer;
    private final RefreshTokenRepository refreshTokens;
    private final MembershipRepository memberships;
    private final RoleRepository roles;
    private final IamConfig config;

    public TokenService(
            TokenIssuer issuer,
            RefreshTokenRepository refreshTokens,
            MembershipRepository memberships,
            RoleRepository roles,
            IamConfig config) {
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.memberships = memberships;
        this.roles = roles;
        this.config = config;
    }

    /**
     * A new session for {@code user} in {@code tenant} (null: their oldest membership). Must run inside a
     * transaction.
     */
    public Uni<Tokens> start(User user, UUID tenant) {
        return (tenant == null ? memberships.first(user.id) : memberships.of(tenant, user.id)).chain(m -> {
            if (m == null) {
                throw tenant == null
                        ? ProblemException.forbidden("this account belongs to no tenant")
                        : ProblemException.notFound("tenant");
            }
            return issue(user, m, Ids.next());
        });
    }

    /** The next pair of {@code family} for the user's current membership. Must run inside a transaction. */
    public Uni<Tokens> issue(User user, Membership membership, UUID family) {
        return roles.findById(membership.roleId).chain(role -> issue(user, membership, role, family));
    }

    private Uni<Tokens> issue(User user, Membership membership, Role role, UUID family) {
        String access = issuer.access(
                "user",
                user.id,
                membership.tenantId,
                List.of(role.name),
                permissions(user, role),
                Map.of("email", user.email, Claims.SESSION, family.toString()));
        String refresh = "hmr_" + Secrets.random(32);
        RefreshToken rt = new RefreshToken();
        rt.id = Ids.next();
        rt.familyId = family;
        rt.userId = user.id;
        rt.tenantId = membership.tenantId;
        rt.tokenHash = Secrets.sha256(refresh);
        rt.createdAt = Instant.now();
        rt.expiresAt = rt.createdAt.plus(config.refreshTokenTtl());
        return refreshTokens.persist(rt).replaceWith(new Tokens(access, refresh, issuer.ttlSeconds(), "Bearer", null));
    }

    /** The role's permissions, plus instance administration for the instance's first user. */
    public static List<String> permissions(User user, Role role) {
        List<String> perms = new ArrayList<>(Permissions.parse(role.permissions));
        if (user.instanceAdmin) {
            perms.add(Permissions.INSTANCE_ADMIN);
        }
        return perms;
    }
}
