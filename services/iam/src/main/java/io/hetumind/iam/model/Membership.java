package io.hetumind.iam.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's place in a tenant, with one role. */
@Entity
@Table(name = "membership")
public class Membership {
    @Id
    public UUID id;

    @Column(name = "tenant_id")
    public UUID tenantId;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "role_id")
    public UUID roleId;

    @Column(name = "created_at")
    public Instant createdAt;
}
