package io.hetumind.iam.repository;

import io.hetumind.iam.model.Tenant;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Tenants; a tenant is visible only to its members. */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, UUID> {

    public Uni<Integer> rename(UUID id, String name) {
        return update("name = ?1 where id = ?2", name, id);
    }
}
