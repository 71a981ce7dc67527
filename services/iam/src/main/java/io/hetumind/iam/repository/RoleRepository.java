package io.hetumind.iam.repository;

import io.hetumind.iam.model.Role;
import io.hetumind.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Roles a tenant can use: the built-in ones and its own. */
@ApplicationScoped
public class RoleRepository implements PanacheRepositoryBase<Role, UUID> {

    public Uni<Role> visible(UUID tenantId, UUID id) {
        return find("id = ?1 and (tenantId is null or tenantId = ?2)", id, tenantId)
                .firstResult();
    }

    public Uni<Role> byName(UUID tenantId, String name) {
        return find("name = ?1 and (tenantId is null or tenantId = ?2)", name, tenantId)
                .firstResult();
    }

    public Uni<List<Role>> pageVisible(UUID tenantId, PageRequest page) {
        return find("(tenantId is null or tenantId = ?1) and id > ?2 order by id", tenantId, page.afterOrMin())
                .range(0, page.limit())
                .list();
    }

    /** Renames a custom role and replaces its permissions. */
    public Uni<Integer> change(String name, String permissions, UUID id, UUID tenantId) {
        return update("name = ?1, permissions = ?2 where id = ?3 and tenantId = ?4", name, permissions, id, tenantId);
    }

    /** Deletes a custom role of the tenant (built-in roles have no tenant and are never matched). */
    public Uni<Long> deleteCustom(UUID id, UUID tenantId) {
        return delete("id = ?1 and tenantId = ?2", id, tenantId);
    }
}
