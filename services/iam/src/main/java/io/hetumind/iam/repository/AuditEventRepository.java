package io.hetumind.iam.repository;

import io.hetumind.iam.model.AuditEvent;
import io.hetumind.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The audit log, read per tenant, newest last. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepositoryBase<AuditEvent, UUID> {

    public Uni<List<AuditEvent>> pageInTenant(UUID tenantId, PageRequest page) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, page.afterOrMin())
                .range(0, page.limit())
                .list();
    }
}
