package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.model.Membership;
import io.hetumind.iam.model.Role;
import io.hetumind.iam.model.Tenant;
import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.TenantRepository;
import io.hetumind.iam.repository.UserRepository;
import io.hetumind.iam.rest.dto.AuthDtos.SignupRequest;
import io.hetumind.iam.rest.dto.AuthDtos.Tokens;
import io.hetumind.platform.db.Db;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * New accounts: the instance's first user (its administrator), anyone when sign-up is open (with a tenant of their
 * own), and invitees, who join the inviting tenant even when sign-up is closed.
 */
@ApplicationScoped
public class SignupService {
    private final Accounts accounts;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final InvitationService invitations;
    private final TokenService tokens;
    private final AuditLog audit;
    private final IamConfig config;

    public SignupService(
            Accounts accounts,
            UserRepository users,
            TenantRepository tenants,
            MembershipRepository memberships,
            InvitationService invitations,
            TokenService tokens,
            AuditLog audit,
            IamConfig config) {
        this.accounts = accounts;
        this.users = users;
        this.tenants = tenants;
        this.memberships = memberships;
        this.invitations = invitations;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
    }

    public Uni<Tokens> signup(SignupRequest r, String ip) {
        String email = accounts.acceptable("email", r.email());
        if (r.invitation() == null && (r.tenant() == null || r.tenant().isBlank())) {
            throw ProblemException.invalid("tenant", "must not be blank (or sign up with an invitation)");
        }
        return accounts.hash(r.password())
                .chain(hash -> Panache.withTransaction(
                        () -> r.invitation() != null ? invited(r, email, hash, ip) : withOwnTenant(r, email, hash, ip)))
                .onFailure(Db::uniqueViolation)
                .transform(e -> Accounts.taken());
    }

    private Uni<Tokens> withOwnTenant(SignupRequest r, String email, String hash, String ip) {
        return users.count().chain(count -> {
            if (count > 0 && !config.openSignup()) {
                throw ProblemException.forbidden(
                        "sign-up is closed on this instance; ask an admin of your team for an invitation");
            }
            Tenant t = new Tenant();
            t.id = Ids.next();
            t.name = r.tenant().strip();
            t.createdAt = Instant.now();
            return tenants.persist(t)
                    .chain(() -> accounts.create(email, r.name(), hash, count == 0))
                    .chain(u -> {
                        Membership m = MembershipService.membership(t.id, u.id, Role.OWNER_ID);
                        return memberships
                                .persist(m)
                                .chain(() -> audit.record(t.id, u.id, "user.signup", u.email, ip, null))
                                .chain(() -> tokens.issue(u, m, Ids.next()));
                    });
        });
    }

    private Uni<Tokens> invited(SignupRequest r, String email, String hash, String ip) {
        return invitations.open(r.invitation(), email).chain(inv -> accounts.create(email, r.name(), hash, false)
                .chain((User u) -> invitations.redeem(inv, u, ip).chain(m -> tokens.issue(u, m, Ids.next()))));
    }
}
