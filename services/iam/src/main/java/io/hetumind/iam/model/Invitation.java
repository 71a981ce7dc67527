package io.hetumind.iam.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An offer to join a tenant with a role, addressed to an e-mail; it becomes a membership only when accepted. */
@Entity
@Table(name = "invitation")
public class Invitation {
    @Id
    public UUID id;

    @Column(name = "tenant_id")
    public UUID tenantId;

    /** Normalised (NFKC, lower case). */
    public String email;

    @Column(name = "role_id")
    public UUID roleId;

    @Column(name = "invited_by")
    public UUID invitedBy;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
