package io.hetumind.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /** Clock skew tolerated on {@code exp}, {@code iat} and {@code nbf}. */
    @WithDefault("30s")
    Duration clockSkew();

    /** How long fetched JWKS keys are cached before they are fetched again. */
    @WithDefault("10m")
    Duration jwksCache();
}
