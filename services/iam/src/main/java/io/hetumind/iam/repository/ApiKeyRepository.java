package io.hetumind.iam.repository;

import io.hetumind.iam.model.ApiKey;
import io.hetumind.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** API keys of a tenant; found for use by their public prefix. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Uni<ApiKey> inTenant(UUID tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<ApiKey> byPrefix(String prefix) {
        return find("prefix", prefix).firstResult();
    }

    public Uni<List<ApiKey>> pageInTenant(UUID tenantId, PageRequest page) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, page.afterOrMin())
                .range(0, page.limit())
                .list();
    }

    /** Revokes it, if it is still live; 0 otherwise. */
    public Uni<Integer> revoke(UUID id, UUID tenantId) {
        return update(
                "revokedAt = current_timestamp where id = ?1 and tenantId = ?2 and revokedAt is null", id, tenantId);
    }

    /** Records a use. */
    public Uni<Integer> touch(UUID id) {
        return update("lastUsedAt = current_timestamp where id = ?1", id);
    }
}
