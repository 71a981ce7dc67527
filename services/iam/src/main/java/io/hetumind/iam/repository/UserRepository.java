package io.hetumind.iam.repository;

import io.hetumind.iam.model.User;
import io.hetumind.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Users, found by normalised e-mail or through a membership of the caller's tenant. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /** The user with this normalised e-mail (see {@code EmailPolicy}), or null. */
    public Uni<User> byEmail(String normalized) {
        return find("email", normalized).firstResult();
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

    public Uni<Integer> rename(UUID id, String name) {
        return update("name = ?1 where id = ?2", name, id);
    }

    /** Users stored before e-mail skeletons existed, a batch at a time. */
    public Uni<List<User>> withoutSkeleton(int max) {
        return find("emailSkeleton is null order by id").range(0, max - 1).list();
    }
}
