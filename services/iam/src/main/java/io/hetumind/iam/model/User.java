package io.hetumind.iam.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who signs in; e-mail unique per instance, password kept as an Argon2id hash. */
@Entity
@Table(name = "app_user")
public class User {
    @Id
    public UUID id;

    public String email;
    public String name;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "instance_admin")
    public boolean instanceAdmin;

    @Column(name = "failed_signins")
    public int failedSignins;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "created_at")
    public Instant createdAt;
}
