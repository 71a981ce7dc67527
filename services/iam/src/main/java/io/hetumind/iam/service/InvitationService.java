package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.model.Invitation;
import io.hetumind.iam.model.Membership;
import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.InvitationRepository;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.UserRepository;
import io.hetumind.iam.rest.dto.IamDtos.AcceptRequest;
import io.hetumind.iam.rest.dto.IamDtos.CreatedInvitation;
import io.hetumind.iam.rest.dto.IamDtos.InvitationView;
import io.hetumind.iam.rest.dto.IamDtos.InviteRequest;
import io.hetumind.iam.rest.dto.IamDtos.TenantView;
import io.hetumind.iam.security.Secrets;
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
 * Membership by consent: an admin invites an address with a role and gets a one-time token to pass on; the person
 * behind the address accepts it (signed in, or by signing up with it). The inviter's answer is the same whether or not
 * the address has an account.
 */
@ApplicationScoped
public class InvitationService {
    private static final String PREFIX = "hmi_";

    private final InvitationRepository invitations;
    private final MembershipRepository memberships;
    private final MembershipService membershipService;
    private final UserRepository users;
    private final Accounts accounts;
    private final AuditLog audit;
    private final MeCache me;
    private final IamConfig config;

    public InvitationService(
            InvitationRepository invitations,
            MembershipRepository memberships,
            MembershipService membershipService,
            UserRepository users,
            Accounts accounts,
            AuditLog audit,
            MeCache me,
            IamConfig config) {
        this.invitations = invitations;
        this.memberships = memberships;
        this.membershipService = membershipService;
        this.users = users;
        this.accounts = accounts;
        this.audit = audit;
        this.me = me;
        this.config = config;
    }

    @WithTransaction
    public Uni<CreatedInvitation> invite(Caller caller, InviteRequest req, String ip) {
        caller.require(Permission.USER_WRITE);
        UUID tenant = caller.tenantId();
        String email = accounts.acceptable("email", req.email());
        return membershipService
                .grantable(caller, req.role())
                .chain(role -> memberships.ofEmail(tenant, email).chain(existing -> {
                    // Members are listed to this caller anyway, so saying so reveals nothing new.
                    if (existing != null) {
                        throw ProblemException.conflict("this address is already a member of this tenant");
                    }
                    String secret = Secrets.random(32);
                    Invitation inv = new Invitation();
                    inv.id = Ids.next();
                    inv.tenantId = tenant;
                    inv.email = email;
                    inv.roleId = role.id;
                    inv.invitedBy = caller.subject();
                    inv.tokenHash = Secrets.sha256(secret);
                    inv.createdAt = Instant.now();
                    inv.expiresAt = inv.createdAt.plus(config.invitationTtl());
                    return invitations
                            .withdrawOpen(tenant, email)
                            .chain(() -> invitations.persist(inv))
                            .call(() ->
                                    audit.record(tenant, caller.subject(), "invitation.created", email, ip, role.name))
                            .map(x -> new CreatedInvitation(inv.id, email, role.name, inv.expiresAt, PREFIX + secret));
                }));
    }

    @WithSession
    public Uni<Page<InvitationView>> list(Caller caller, PageRequest page) {
        caller.require(Permission.USER_READ);
        return invitations
                .pendingPage(caller.tenantId(), page)
                .map(rows -> Page.of(
                        rows,
                        page,
                        r -> (UUID) r[0],
                        r -> new InvitationView(
                                (UUID) r[0], (String) r[1], (String) r[2], (Instant) r[3], (Instant) r[4])));
    }

    @WithTransaction
    public Uni<Void> withdraw(Caller caller, UUID id, String ip) {
        caller.require(Permission.USER_WRITE);
        UUID tenant = caller.tenantId();
        return invitations.withdraw(tenant, id).chain(n -> {
            if (n == 0) {
                throw ProblemException.notFound("invitation");
            }
            return audit.record(tenant, caller.subject(), "invitation.withdrawn", id.toString(), ip, null);
        });
    }

    /** The signed-in user accepts an invitation addressed to their e-mail and becomes a member. */
    @WithTransaction
    public Uni<TenantView> accept(Caller caller, AcceptRequest req, String ip) {
        if (!"user".equals(caller.kind())) {
            throw ProblemException.forbidden("only users accept invitations");
        }
        return users.findById(caller.subject()).chain(user -> {
            if (user == null) {
                throw unknown();
            }
            return open(req.token(), user.email)
                    .chain(inv -> redeem(inv, user, ip))
                    .chain(m -> memberships.tenantsOf(user.id).map(rows -> rows.stream()
                            .map(UserService::tenantView)
                            .filter(t -> t.id().equals(m.tenantId))
                            .findFirst()
                            .orElseThrow()));
        });
    }

    /** The open invitation behind {@code token} addressed to {@code email}; anything else is the same 404. */
    Uni<Invitation> open(String token, String email) {
        if (token == null || !token.startsWith(PREFIX)) {
            throw unknown();
        }
        return invitations
                .byHash(Secrets.sha256(token.substring(PREFIX.length())))
                .map(inv -> {
                    if (inv == null
                            || inv.acceptedAt != null
                            || inv.expiresAt.isBefore(Instant.now())
                            || !inv.email.equals(email)) {
                        throw unknown();
                    }
                    return inv;
                });
    }

    /** Turns the invitation into {@code user}'s membership (in the caller's transaction). */
    Uni<Membership> redeem(Invitation inv, User user, String ip) {
        return memberships.of(inv.tenantId, user.id).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("you are already a member of this tenant");
            }
            return invitations.markAccepted(inv.id).chain(n -> {
                if (n == 0) {
                    throw unknown();
                }
                Membership m = MembershipService.membership(inv.tenantId, user.id, inv.roleId);
                me.forget(user.id);
                return memberships
                        .persist(m)
                        .call(() -> audit.record(inv.tenantId, user.id, "invitation.accepted", user.email, ip, null));
            });
        });
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("invitation");
    }
}
