package io.hetumind.iam.repository;

import io.hetumind.iam.model.Membership;
import io.hetumind.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Memberships, always looked up within one tenant. */
@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, UUID> {

    public Uni<Membership> of(UUID tenantId, UUID userId) {
        return find("tenantId = ?1 and userId = ?2", tenantId, userId).firstResult();
    }

    public Uni<Membership> inTenant(UUID tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The user's oldest membership: the tenant a sign-in without a tenant lands in. */
    public Uni<Membership> first(UUID userId) {
        return find("userId = ?1 order by createdAt, id", userId).firstResult();
    }

    public Uni<List<Membership>> ofUser(UUID userId) {
        return find("userId = ?1 order by createdAt, id", userId).list();
    }

    public Uni<List<Membership>> pageInTenant(UUID tenantId, PageRequest page) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, page.afterOrMin())
                .range(0, page.limit())
                .list();
    }

    /** Rows of (membership id, user id, e-mail, role name, created at) for one tenant, by id. */
    public Uni<List<Object[]>> viewPage(UUID tenantId, PageRequest page) {
        return getSession().chain(s -> s.createQuery(
                        "select m.id, u.id, u.email, r.name, m.createdAt from Membership m"
                                + " join User u on u.id = m.userId join Role r on r.id = m.roleId"
                                + " where m.tenantId = :t and m.id > :a order by m.id",
                        Object[].class)
                .setParameter("t", tenantId)
                .setParameter("a", page.afterOrMin())
                .setMaxResults(page.limit() + 1)
                .getResultList());
    }

    /** Rows of (tenant id, tenant name, role name, created at) of every tenant the user belongs to. */
    public Uni<List<Object[]>> tenantsOf(UUID userId) {
        return getSession().chain(s -> s.createQuery(
                        "select t.id, t.name, r.name, t.createdAt from Membership m"
                                + " join Tenant t on t.id = m.tenantId join Role r on r.id = m.roleId"
                                + " where m.userId = :u order by m.createdAt, m.id",
                        Object[].class)
                .setParameter("u", userId)
                .setMaxResults(1000)
                .getResultList());
    }

    public Uni<Long> countWithRole(UUID tenantId, UUID roleId) {
        return count("tenantId = ?1 and roleId = ?2", tenantId, roleId);
    }

    public Uni<Integer> setRole(UUID id, UUID roleId) {
        return update("roleId = ?1 where id = ?2", roleId, id);
    }

    public Uni<Long> remove(UUID tenantId, UUID id) {
        return delete("id = ?1 and tenantId = ?2", id, tenantId);
    }

    /** The tenant's membership of the user with this (normalised) e-mail, or null. */
    public Uni<Membership> ofEmail(UUID tenantId, String email) {
        return find(
                        "from Membership m where m.tenantId = ?1 and exists"
                                + " (from User u where u.id = m.userId and u.email = ?2)",
                        tenantId,
                        email)
                .firstResult();
    }
}
