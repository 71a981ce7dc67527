package io.hetumind.iam.service;

import io.hetumind.iam.model.AuditEvent;
import io.hetumind.iam.repository.AuditEventRepository;
import io.hetumind.iam.rest.dto.CredentialDtos.AuditView;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Writes security events to the audit table, in the caller's transaction, and reads them per tenant. */
@ApplicationScoped
public class AuditLog {
    private final AuditEventRepository events;

    public AuditLog(AuditEventRepository events) {
        this.events = events;
    }

    public Uni<Void> record(UUID tenantId, UUID actorId, String event, String subject, String ip, String detail) {
        AuditEvent e = new AuditEvent();
        e.id = Ids.next();
        e.tenantId = tenantId;
        e.actorId = actorId;
        e.event = event;
        e.subject = subject;
        e.ip = ip;
        e.detail = detail;
        e.at = Instant.now();
        return events.persist(e).replaceWithVoid();
    }

    @WithSession
    public Uni<Page<AuditView>> list(Caller caller, PageRequest page) {
        caller.require(Permission.AUDIT_READ);
        return events.pageInTenant(caller.tenantId(), page)
                .map(rows -> Page.of(
                        rows,
                        page,
                        e -> e.id,
                        e -> new AuditView(e.id, e.actorId, e.event, e.subject, e.ip, e.detail, e.at)));
    }
}
