package io.hetumind.iam.repository;

import io.hetumind.iam.model.User;
import io.hetumind.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Users, found by e-mail case-insensitively or through a membership of the caller's tenant. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Uni<User> byEmail(String email) {
        return find("lower(email) = ?1", email.trim().toLowerCase()).firstResult();
    }

    /** The user if they are a member of {@code tenantId}, else null. */
    public Uni<User> inTenant(UUID tenantId, UUID userId) {
        return find(
                        "from User u where u.id = ?1 and exists"
                                + " (from Membership m where m.userId = u.id and m.tenantId = ?2)",
                        userId,
                        tenantId)
                .firstResult();
    }

    public Uni<List<User>> pageInTenant(UUID tenantId, PageRequest page) {
        return find(
                        "from User u where u.id > ?2 and exists"
                                + " (from Membership m where m.userId = u.id and m.tenantId = ?1) order by u.id",
                        tenantId,
                        page.afterOrMin())
                .range(0, page.limit())
                .list();
    }
}
