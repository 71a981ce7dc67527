package io.hetumind.iam.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of the IAM service; each key can be set as {@code HETUMIND_IAM_...} in the environment. */
@ConfigMapping(prefix = "hetumind.iam")
public interface IamConfig {
    /**
     * Base64 of 32 random bytes: the AES-256-GCM key that encrypts signing keys at rest ({@code
     * HETUMIND_IAM_MASTER_KEY}). {@code ./hetumind up} generates one into the data directory.
     */
    String masterKey();

    /** The {@code iss} of issued tokens; must match {@code hetumind.auth.issuer} of the verifying services. */
    @WithDefault("hetumind-iam")
    String issuer();

    /** The {@code aud} of issued tokens. */
    @WithDefault("hetumind")
    String audience();

    /** Lifetime of access tokens: short, since they cannot be revoked. */
    @WithDefault("15m")
    Duration accessTokenTtl();

    /** Lifetime of refresh tokens; each use rotates them. */
    @WithDefault("30d")
    Duration refreshTokenTtl();

    /** Age after which the signing key is replaced by a new one; old keys keep verifying until tokens expire. */
    @WithDefault("30d")
    Duration keyRotation();

    /** How often each replica reloads the signing keys from the database. */
    @WithDefault("60s")
    Duration keyReload();

    /** Whether anyone may sign up (creating their own tenant); when false only the very first user can. */
    @WithDefault("false")
    boolean openSignup();

    /** Argon2id memory cost in KiB. */
    @WithDefault("19456")
    int argon2MemoryKib();

    /** Argon2id iterations. */
    @WithDefault("2")
    int argon2Iterations();

    /** Sign-in attempts allowed per client address per minute. */
    @WithDefault("60")
    int signinPerAddressPerMinute();

    /** Sign-in attempts allowed per e-mail and client address per minute. */
    @WithDefault("10")
    int signinPerAccountPerMinute();

    /** Consecutive failed sign-ins after which an account is locked, with a doubling back-off. */
    @WithDefault("5")
    int lockoutThreshold();

    /** The first lockout's length; each further failure doubles it. */
    @WithDefault("30s")
    Duration lockoutBase();

    /** The longest lockout. */
    @WithDefault("15m")
    Duration lockoutMax();
}
