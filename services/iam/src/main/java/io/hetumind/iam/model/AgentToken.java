package io.hetumind.iam.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A task agent's credential, limited to one namespace; only a hash of its secret is kept. */
@Entity
@Table(name = "agent_token")
public class AgentToken {
    @Id
    public UUID id;

    @Column(name = "tenant_id")
    public UUID tenantId;

    @Column(name = "created_by")
    public UUID createdBy;

    public String name;
    public String namespace;
    public String prefix;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
