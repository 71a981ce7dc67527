package io.hetumind.iam.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One security event: who did what to whom, from where; never a secret. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
    @Id
    public UUID id;

    @Column(name = "tenant_id")
    public UUID tenantId;

    @Column(name = "actor_id")
    public UUID actorId;

    public String event;
    public String subject;
    public String ip;
    public String detail;
    public Instant at;
}
