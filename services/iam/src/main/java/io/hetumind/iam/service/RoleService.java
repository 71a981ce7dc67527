package io.hetumind.iam.service;

import io.hetumind.iam.model.Role;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.RoleRepository;
import io.hetumind.iam.rest.dto.IamDtos.RoleRequest;
import io.hetumind.iam.rest.dto.IamDtos.RoleView;
import io.hetumind.iam.security.Permissions;
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

/** Built-in roles (read-only) and a tenant's custom roles, which may only grant what their creator holds. */
@ApplicationScoped
public class RoleService {
    private final RoleRepository roles;
    private final MembershipRepository memberships;
    private final AuditLog audit;

    public RoleService(RoleRepository roles, MembershipRepository memberships, AuditLog audit) {
        this.roles = roles;
        this.memberships = memberships;
        this.audit = audit;
    }

    @WithSession
    public Uni<Page<RoleView>> list(Caller caller, PageRequest page) {
        caller.require(Permission.USER_READ);
        return roles.pageVisible(caller.tenantId(), page)
                .map(rows -> Page.of(rows, page, r -> r.id, RoleService::view));
    }

    @WithSession
    public Uni<RoleView> get(Caller caller, UUID id) {
        caller.require(Permission.USER_READ);
        return visible(caller, id).map(RoleService::view);
    }

    @WithTransaction
    public Uni<RoleView> create(Caller caller, RoleRequest req, String ip) {
        caller.require(Permission.ROLE_WRITE);
        Role r = new Role();
        r.id = Ids.next();
        r.tenantId = caller.tenantId();
        r.name = req.name();
        r.permissions = Permissions.checked("permissions", req.permissions(), caller.permissions());
        r.createdAt = Instant.now();
        return roles.byName(r.tenantId, r.name).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("a role named '" + r.name + "' exists");
            }
            return roles.persist(r)
                    .call(() -> audit.record(r.tenantId, caller.subject(), "role.created", r.name, ip, r.permissions))
                    .map(RoleService::view);
        });
    }

    @WithTransaction
    public Uni<RoleView> update(Caller caller, UUID id, RoleRequest req, String ip) {
        caller.require(Permission.ROLE_WRITE);
        String perms = Permissions.checked("permissions", req.permissions(), caller.permissions());
        return custom(caller, id)
                .chain(r -> roles.byName(r.tenantId, req.name()).chain(clash -> {
                    if (clash != null && !clash.id.equals(r.id)) {
                        throw ProblemException.conflict("a role named '" + req.name() + "' exists");
                    }
                    return roles.change(req.name(), perms, r.id, r.tenantId)
                            .call(() ->
                                    audit.record(r.tenantId, caller.subject(), "role.updated", req.name(), ip, perms))
                            .map(n -> {
                                r.name = req.name();
                                r.permissions = perms;
                                return view(r);
                            });
                }));
    }

    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id, String ip) {
        caller.require(Permission.ROLE_WRITE);
        return custom(caller, id)
                .call(r -> memberships.countWithRole(r.tenantId, r.id).map(n -> {
                    if (n > 0) {
                        throw ProblemException.conflict("the role is held by " + n + " member(s)");
                    }
                    return n;
                }))
                .call(r -> roles.deleteCustom(r.id, r.tenantId))
                .call(r -> audit.record(r.tenantId, caller.subject(), "role.deleted", r.name, ip, null))
                .replaceWithVoid();
    }

    private Uni<Role> visible(Caller caller, UUID id) {
        return roles.visible(caller.tenantId(), id).map(r -> {
            if (r == null) {
                throw ProblemException.notFound("role");
            }
            return r;
        });
    }

    private Uni<Role> custom(Caller caller, UUID id) {
        return visible(caller, id).map(r -> {
            if (r.tenantId == null) {
                throw ProblemException.conflict("built-in roles cannot be changed");
            }
            return r;
        });
    }

    static RoleView view(Role r) {
        return new RoleView(r.id, r.name, r.tenantId == null, Permissions.parse(r.permissions), r.createdAt);
    }
}
