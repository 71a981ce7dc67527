package io.hetumind.iam.service;

import io.hetumind.iam.model.Membership;
import io.hetumind.iam.model.Role;
import io.hetumind.iam.model.Tenant;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.TenantRepository;
import io.hetumind.iam.rest.dto.IamDtos.TenantRequest;
import io.hetumind.iam.rest.dto.IamDtos.TenantView;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Tenants (teams): the caller's own list, creating new ones, and renaming or deleting the current one. */
@ApplicationScoped
public class TenantService {
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final MeCache me;
    private final AuditLog audit;

    public TenantService(TenantRepository tenants, MembershipRepository memberships, MeCache me, AuditLog audit) {
        this.tenants = tenants;
        this.memberships = memberships;
        this.me = me;
        this.audit = audit;
    }

    /** Every tenant the calling user belongs to (a handful: one page). */
    @WithSession
    public Uni<Page<TenantView>> mine(Caller caller) {
        return memberships
                .tenantsOf(caller.subject())
                .map(rows ->
                        new Page<>(rows.stream().map(UserService::tenantView).toList(), null));
    }

    @WithSession
    public Uni<TenantView> get(Caller caller, UUID id) {
        return memberships.tenantsOf(caller.subject()).map(rows -> rows.stream()
                .map(UserService::tenantView)
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("tenant")));
    }

    /** A new tenant owned by the calling user; sign in to it with {@code tenant} set. */
    @WithTransaction
    public Uni<TenantView> create(Caller caller, TenantRequest req, String ip) {
        if (!"user".equals(caller.kind())) {
            throw ProblemException.forbidden("only users can create tenants");
        }
        Tenant t = new Tenant();
        t.id = Ids.next();
        t.name = req.name().trim();
        t.createdAt = Instant.now();
        Membership m = MembershipService.membership(t.id, caller.subject(), Role.OWNER_ID);
        me.forget(caller.subject());
        return tenants.persist(t)
                .call(() -> memberships.persist(m))
                .call(() -> audit.record(t.id, caller.subject(), "tenant.created", t.name, ip, null))
                .map(x -> new TenantView(t.id, t.name, "owner", t.createdAt));
    }

    @WithTransaction
    public Uni<TenantView> rename(Caller caller, UUID id, TenantRequest req, String ip) {
        current(caller, id);
        caller.require(Permission.TENANT_WRITE);
        me.forgetAll();
        return tenants.rename(id, req.name().trim())
                .call(() -> audit.record(
                        id, caller.subject(), "tenant.renamed", req.name().trim(), ip, null))
                .chain(() -> tenants.findById(id))
                .map(t -> new TenantView(t.id, t.name, null, t.createdAt));
    }

    /** Deletes the current tenant with everything in it (memberships, roles, keys, tokens). */
    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id, String ip) {
        current(caller, id);
        caller.require(Permission.TENANT_DELETE);
        me.forgetAll();
        return audit.record(id, caller.subject(), "tenant.deleted", id.toString(), ip, null)
                .chain(() -> tenants.deleteById(id))
                .replaceWithVoid();
    }

    /** Only the tenant the token acts in can be changed; any other id is, to this caller, not there. */
    private static void current(Caller caller, UUID id) {
        if (!id.equals(caller.tenantId())) {
            throw ProblemException.notFound("tenant");
        }
    }
}
