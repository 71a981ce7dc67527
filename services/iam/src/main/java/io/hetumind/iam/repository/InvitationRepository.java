package io.hetumind.iam.repository;

import io.hetumind.iam.model.Invitation;
import io.hetumind.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Invitations of a tenant; found for acceptance by the digest of their secret. */
@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<Invitation, UUID> {

    public Uni<Invitation> byHash(String hash) {
        return find("tokenHash", hash).firstResult();
    }

    public Uni<Invitation> inTenant(UUID tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** Rows of (id, e-mail, role name, expires at, created at) of the tenant's open invitations, by id. */
    public Uni<List<Object[]>> pendingPage(UUID tenantId, PageRequest page) {
        return getSession().chain(s -> s.createQuery(
                        "select i.id, i.email, r.name, i.expiresAt, i.createdAt from Invitation i"
                                + " join Role r on r.id = i.roleId where i.tenantId = :t and i.acceptedAt is null"
                                + " and i.expiresAt > current_timestamp and i.id > :a order by i.id",
                        Object[].class)
                .setParameter("t", tenantId)
                .setParameter("a", page.afterOrMin())
                .setMaxResults(page.limit() + 1)
                .getResultList());
    }

    /** Withdraws the tenant's open invitations to {@code email} (a new one replaces them). */
    public Uni<Long> withdrawOpen(UUID tenantId, String email) {
        return delete("tenantId = ?1 and email = ?2 and acceptedAt is null", tenantId, email);
    }

    public Uni<Long> withdraw(UUID tenantId, UUID id) {
        return delete("tenantId = ?1 and id = ?2", tenantId, id);
    }

    /** Marks it accepted; 0 when it was accepted meanwhile. */
    public Uni<Integer> markAccepted(UUID id) {
        return update("acceptedAt = current_timestamp where id = ?1 and acceptedAt is null", id);
    }
}
