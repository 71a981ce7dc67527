package io.hetumind.iam.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A named set of permissions: built-in (tenantId null) or a tenant's custom role. */
@Entity
@Table(name = "role")
public class Role {
    /** The built-in owner role (seeded by V1). */
    public static final UUID OWNER_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");

    @Id
    public UUID id;

    @Column(name = "tenant_id")
    public UUID tenantId;

    public String name;

    /** Space-separated permission names. */
    public String permissions;

    @Column(name = "created_at")
    public Instant createdAt;
}
