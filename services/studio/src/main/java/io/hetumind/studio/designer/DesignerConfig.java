package io.hetumind.studio.designer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The designer's serving and its {@code /iam} pass-through ({@code HETUMIND_STUDIO_DESIGNER_*}). */
@ConfigMapping(prefix = "hetumind.studio.designer")
public interface DesignerConfig {
    /**
     * IAM's base URL (scheme, host, port) for the {@code /iam} pass-through; defaults to the origin of {@code
     * hetumind.auth.jwks-url}, which every verifying service already points at IAM.
     */
    Optional<String> iamUrl();

    /** How long to wait for a connection to IAM. */
    @WithDefault("3s")
    Duration iamConnectTimeout();

    /** How long to wait for IAM's whole answer (sign-in hashes a password, so not too short). */
    @WithDefault("20s")
    Duration iamTimeout();
}
