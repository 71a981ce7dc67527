package io.hetumind.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How every service verifies the access tokens IAM issues. */
@ConfigMapping(prefix = "hetumind.auth")
public interface AuthConfig {
    /** Where IAM serves its public keys; {@code HETUMIND_AUTH_JWKS_URL}. */
    @WithDefault("http://127.0.0.1:8081/.well-known/jwks.json")
    String jwksUrl();

    /** The {@code iss} every accepted token must carry; {@code HETUMIND_AUTH_ISSUER}. */
    @WithDefault("hetumind-iam")
    String issuer();

    /** The {@code aud} every accepted token must carry; {@code HETUMIND_AUTH_AUDIENCE}. */
    @WithDefault("hetumind")
    String audience();

    /**
     * Clock skew tolerated on {@code exp}, {@code iat} and {@code nbf} ({@code HETUMIND_AUTH_CLOCK_SKEW}): a few
     * seconds, since an expired token stays usable for this long.
     */
    @WithDefault("5s")
    Duration clockSkew();

    /** How long fetched JWKS keys are cached before they are fetched again. */
    @WithDefault("10m")
    Duration jwksCache();

    /**
     * The PostgreSQL that holds IAM's revocation list ({@code iam.revoked_token}, announced on the channel {@code
     * hetumind_token_revoked}), as {@code postgresql://user:pass@host:port/db}; {@code HETUMIND_AUTH_REVOCATION_DB_URL}.
     * Unset: the service's own {@code HETUMIND_DB_URL}/reactive datasource. With neither, signed-out tokens stay valid
     * here until they expire (a warning says so at start).
     */
    Optional<String> revocationDbUrl();

    /** How many verified tokens are remembered so a repeated token skips the signature check (0 turns it off). */
    @WithDefault("4096")
    int verifiedCacheSize();
}
