package io.hetumind.iam.service;

import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.UserRepository;
import io.hetumind.iam.rest.dto.IamDtos.Me;
import io.hetumind.iam.rest.dto.IamDtos.TenantView;
import io.hetumind.iam.rest.dto.IamDtos.UpdateUserRequest;
import io.hetumind.iam.rest.dto.IamDtos.UserView;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
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
    private final MeCache cache;

    public UserService(UserRepository users, MembershipRepository memberships, MeCache cache) {
        this.users = users;
        this.memberships = memberships;
        this.cache = cache;
    }

    /** The caller: identity and permissions from the token, profile and tenants from memory or one read. */
    public Uni<Me> me(Caller caller) {
        if (!"user".equals(caller.kind())) {
            throw ProblemException.notFound("user");
        }
        UUID id = caller.subject();
        MeCache.Entry cached = cache.get(id);
        Uni<MeCache.Entry> entry = cached != null
                ? Uni.createFrom().item(cached)
                : Panache.withSession(() -> users.findById(id).chain(u -> {
                    if (u == null) {
                        throw ProblemException.notFound("user");
                    }
                    return memberships
                            .tenantsOf(u.id)
                            .map(rows -> cache.put(
                                    u.id,
                                    u.email,
                                    u.name,
                                    rows.stream().map(UserService::tenantView).toList()));
                }));
        return entry.map(e -> new Me(
                id,
                e.email(),
                e.name(),
                caller.tenantId(),
                List.copyOf(caller.roles()),
                caller.permissions().stream().sorted().toList(),
                e.tenants()));
    }

    static TenantView tenantView(Object[] r) {
        return new TenantView((UUID) r[0], (String) r[1], (String) r[2], (Instant) r[3]);
    }

    @WithSession
    public Uni<Page<UserView>> list(Caller caller, PageRequest page) {
        caller.require(Permission.USER_READ);
        return users.pageInTenant(caller.tenantId(), page)
                .map(rows -> Page.of(rows, page, u -> u.id, UserService::view));
    }

    @WithSession
    public Uni<UserView> get(Caller caller, UUID id) {
        if (!id.equals(caller.subject())) {
            caller.require(Permission.USER_READ);
        }
        return visible(caller, id).map(UserService::view);
    }

    /**
     * Changes the caller's own profile. A profile belongs to the person, not to a tenant: a tenant admin changes what
     * the tenant owns (memberships, roles), never another user's name.
     */
    @WithTransaction
    public Uni<UserView> update(Caller caller, UUID id, UpdateUserRequest req) {
        if (!"user".equals(caller.kind()) || !id.equals(caller.subject())) {
            return visible(caller, id).map(u -> {
                throw ProblemException.forbidden(
                        "a user's profile is theirs to change; a tenant admin can change their membership");
            });
        }
        String name = req.name().strip();
        return visible(caller, id).chain(u -> users.rename(u.id, name).map(n -> {
            cache.forget(u.id);
            u.name = name;
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
