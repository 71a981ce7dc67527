package io.hetumind.iam.service;

import io.hetumind.iam.model.Membership;
import io.hetumind.iam.model.Role;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.RefreshTokenRepository;
import io.hetumind.iam.repository.RoleRepository;
import io.hetumind.iam.rest.dto.IamDtos.ChangeRoleRequest;
import io.hetumind.iam.rest.dto.IamDtos.MembershipView;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Who belongs to the caller's tenant with which role (people join by invitation, {@link InvitationService}); guards the
 * last owner and owner grants; a changed or removed member's sessions end at once.
 */
@ApplicationScoped
public class MembershipService {
    private final MembershipRepository memberships;
    private final RoleRepository roles;
    private final RefreshTokenRepository refreshTokens;
    private final Revocations revocations;
    private final MeCache me;
    private final AuditLog audit;

    public MembershipService(
            MembershipRepository memberships,
            RoleRepository roles,
            RefreshTokenRepository refreshTokens,
            Revocations revocations,
            MeCache me,
            AuditLog audit) {
        this.memberships = memberships;
        this.roles = roles;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.me = me;
        this.audit = audit;
    }

    static Membership membership(UUID tenantId, UUID userId, UUID roleId) {
        Membership m = new Membership();
        m.id = Ids.next();
        m.tenantId = tenantId;
        m.userId = userId;
        m.roleId = roleId;
        m.createdAt = Instant.now();
        return m;
    }

    @WithSession
    public Uni<Page<MembershipView>> list(Caller caller, PageRequest page) {
        caller.require(Permission.USER_READ);
        return memberships
                .viewPage(caller.tenantId(), page)
                .map(rows -> Page.of(
                        rows,
                        page,
                        r -> (UUID) r[0],
                        r -> new MembershipView(
                                (UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], (Instant) r[4])));
    }

    @WithTransaction
    public Uni<Void> changeRole(Caller caller, UUID id, ChangeRoleRequest req, String ip) {
        caller.require(Permission.USER_WRITE);
        UUID tenant = caller.tenantId();
        return existing(tenant, id)
                .chain(m -> grantable(caller, req.role())
                        .call(role -> guardOwner(caller, m, role))
                        .chain(role -> memberships
                                .setRole(m.id, role.id)
                                .call(() -> endSessions(tenant, m.userId))
                                .call(() -> audit.record(
                                        tenant,
                                        caller.subject(),
                                        "membership.role",
                                        m.userId.toString(),
                                        ip,
                                        role.name))))
                .replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> remove(Caller caller, UUID id, String ip) {
        caller.require(Permission.USER_WRITE);
        UUID tenant = caller.tenantId();
        return existing(tenant, id)
                .call(m -> guardOwner(caller, m, null))
                .call(m -> memberships.remove(tenant, m.id))
                .call(m -> endSessions(tenant, m.userId))
                .call(m -> audit.record(tenant, caller.subject(), "membership.removed", m.userId.toString(), ip, null))
                .replaceWithVoid();
    }

    /** The member's sessions in the tenant end: refresh tokens and the access tokens issued with them. */
    private Uni<Void> endSessions(UUID tenant, UUID userId) {
        me.forget(userId);
        return refreshTokens
                .liveFamilies(tenant, userId)
                .chain(revocations::revokeAll)
                .chain(() -> refreshTokens.revokeMember(tenant, userId))
                .replaceWithVoid();
    }

    private Uni<Membership> existing(UUID tenant, UUID id) {
        return memberships.inTenant(tenant, id).map(m -> {
            if (m == null) {
                throw ProblemException.notFound("membership");
            }
            return m;
        });
    }

    /** The role named {@code name} in the caller's tenant, if the caller may hand it out. */
    Uni<Role> grantable(Caller caller, String name) {
        return roles.byName(caller.tenantId(), name).map(role -> {
            if (role == null) {
                throw ProblemException.invalid("role", "no role named '" + name + "' in this tenant");
            }
            if (role.id.equals(Role.OWNER_ID) && !caller.roles().contains("owner")) {
                throw ProblemException.forbidden("only an owner can make someone an owner");
            }
            return role;
        });
    }

    /** Demoting or removing an owner needs an owner, and a tenant never loses its last owner. */
    private Uni<Void> guardOwner(Caller caller, Membership m, Role newRole) {
        if (!m.roleId.equals(Role.OWNER_ID) || (newRole != null && newRole.id.equals(m.roleId))) {
            return Uni.createFrom().voidItem();
        }
        if (!caller.roles().contains("owner")) {
            throw ProblemException.forbidden("only an owner can change another owner");
        }
        return memberships.countWithRole(m.tenantId, Role.OWNER_ID).map(n -> {
            if (n <= 1) {
                throw ProblemException.conflict("a tenant must keep at least one owner");
            }
            return null;
        });
    }
}
