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

    /** Lifetime of access tokens; signing out revokes them earlier. */
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

    /** Sign-in attempts allowed per client address per minute, failed or not. */
    @WithDefault("60")
    int signinPerAddressPerMinute();

    /**
     * Failed sign-ins for one e-mail address (with or without an account: the answers are the same) after which
     * sign-ins to it from an unknown device are refused for a while; a known device (its {@code deviceToken}) and
     * refresh tokens are never refused.
     */
    @WithDefault("5")
    int accountThrottleThreshold();

    /** The first refusal period for an address; each further failure doubles it. */
    @WithDefault("15s")
    Duration accountThrottleBase();

    /** The longest refusal period for an address. */
    @WithDefault("15m")
    Duration accountThrottleMax();

    /** Failed sign-ins from one client address (any e-mail) after which that address is refused for a while. */
    @WithDefault("20")
    int sourceThrottleThreshold();

    /** The first refusal period for a client address; each further failure doubles it. */
    @WithDefault("30s")
    Duration sourceThrottleBase();

    /** The longest refusal period for a client address. */
    @WithDefault("1h")
    Duration sourceThrottleMax();

    /** Failures are forgotten after this long without a new one. */
    @WithDefault("1h")
    Duration throttleReset();

    /** How long a device stays known after a successful sign-in on it (its {@code deviceToken} is valid). */
    @WithDefault("90d")
    Duration deviceTokenTtl();

    /** How long an invitation to a tenant can be accepted. */
    @WithDefault("7d")
    Duration invitationTtl();

    /**
     * UTS #39 restriction level every part of a new e-mail address must meet: {@code ASCII}, {@code
     * SINGLE_SCRIPT_RESTRICTIVE}, {@code HIGHLY_RESTRICTIVE} (no mixed scripts but Latin with CJK), {@code
     * MODERATELY_RESTRICTIVE}, {@code MINIMALLY_RESTRICTIVE} or {@code UNRESTRICTIVE}.
     */
    @WithDefault("HIGHLY_RESTRICTIVE")
    String emailRestrictionLevel();

    /**
     * How long {@code /users/me} may answer from memory. Writes through this replica take effect at once; this bounds
     * how stale a profile or tenant list changed through another replica can be.
     */
    @WithDefault("5s")
    Duration meCacheTtl();
}
