package io.hetumind.iam.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who signs in; e-mail (normalised) unique per instance, password kept as an Argon2id hash. */
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

    /** UTS #39 skeleton of {@link #email}: unique, so look-alike addresses cannot both exist. */
    @Column(name = "email_skeleton")
    public String emailSkeleton;

    @Column(name = "created_at")
    public Instant createdAt;
}
