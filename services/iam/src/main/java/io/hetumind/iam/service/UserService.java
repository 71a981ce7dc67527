package io.hetumind.iam.service;

import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.UserRepository;
import io.hetumind.iam.rest.dto.IamDtos.CreateUserRequest;
import io.hetumind.iam.rest.dto.IamDtos.Me;
import io.hetumind.iam.rest.dto.IamDtos.TenantView;
import io.hetumind.iam.rest.dto.IamDtos.UpdateUserRequest;
import io.hetumind.iam.rest.dto.IamDtos.UserView;
import io.hetumind.iam.security.PasswordHasher;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Users as seen from the caller's tenant: only members are visible, everything else is 404. */
@ApplicationScoped
public class UserService {
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final MembershipService membershipService;
    private final PasswordHasher hasher;
    private final Blocking blocking;
    private final AuditLog audit;

    public UserService(
            UserRepository users,
            MembershipRepository memberships,
            MembershipService membershipService,
            PasswordHasher hasher,
            Blocking blocking,
            AuditLog audit) {
        this.users = users;
        this.memberships = memberships;
        this.membershipService = membershipService;
        this.hasher = hasher;
        this.blocking = blocking;
        this.audit = audit;
    }

    @WithSession
    public Uni<Me> me(Caller caller) {
        if (!"user".equals(caller.kind())) {
            throw ProblemException.notFound("user");
        }
        return users.findById(caller.subject()).chain(u -> {
            if (u == null) {
                throw ProblemException.notFound("user");
            }
            return memberships
                    .tenantsOf(u.id)
                    .map(rows -> new Me(
                            u.id,
                            u.email,
                            u.name,
                            caller.tenantId(),
                            List.copyOf(caller.roles()),
                            caller.permissions().stream().sorted().toList(),
                            rows.stream().map(UserService::tenantView).toList()));
        });
    }

    static TenantView tenantView(Object[] r) {
        return new TenantView((UUID) r[0], (String) r[1], (String) r[2], (Instant) r[3]);
    }

    @WithSession
    public Uni<Page<UserView>> list(Caller caller, PageRequest page) {
        caller.require("user:read");
        return users.pageInTenant(caller.tenantId(), page)
                .map(rows -> Page.of(rows, page, u -> u.id, UserService::view));
    }

    @WithSession
    public Uni<UserView> get(Caller caller, UUID id) {
        if (!id.equals(caller.subject())) {
            caller.require("user:read");
        }
        return visible(caller, id).map(UserService::view);
    }

    /** Creates a user directly into the caller's tenant, with an initial password. */
    public Uni<UserView> create(Caller caller, CreateUserRequest req, String ip) {
        caller.require("user:write");
        UUID tenant = caller.tenantId();
        return blocking.run(() -> hasher.hash(req.password()))
                .chain(hash -> Panache.withTransaction(
                        () -> membershipService.grantable(caller, req.role()).chain(role -> users.byEmail(req.email())
                                .chain(existing -> {
                                    if (existing != null) {
                                        throw ProblemException.conflict(
                                                "an account with this e-mail exists; add it with POST /api/v1/memberships");
                                    }
                                    User u = new User();
                                    u.id = Ids.next();
                                    u.email = req.email().trim();
                                    u.name = req.name().trim();
                                    u.passwordHash = hash;
                                    u.createdAt = Instant.now();
                                    return users.persist(u)
                                            .call(() -> memberships.persist(
                                                    MembershipService.membership(tenant, u.id, role.id)))
                                            .call(() -> audit.record(
                                                    tenant, caller.subject(), "user.created", u.email, ip, role.name))
                                            .map(UserService::view);
                                }))))
                .onFailure(Db::uniqueViolation)
                .transform(e -> ProblemException.conflict("an account with this e-mail exists"));
    }

    @WithTransaction
    public Uni<UserView> update(Caller caller, UUID id, UpdateUserRequest req) {
        if (!id.equals(caller.subject())) {
            caller.require("user:write");
        }
        return visible(caller, id)
                .chain(u -> users.update("name = ?1 where id = ?2", req.name().trim(), u.id)
                        .map(n -> {
                            u.name = req.name().trim();
                            return view(u);
                        }));
    }

    private Uni<User> visible(Caller caller, UUID id) {
        return users.inTenant(caller.tenantId(), id).map(u -> {
            if (u == null) {
                throw ProblemException.notFound("user");
            }
            return u;
        });
    }

    static UserView view(User u) {
        return new UserView(u.id, u.email, u.name, u.createdAt);
    }
}
