package io.hetumind.studio.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Settings every part of the studio shares; each key can be set as {@code HETUMIND_STUDIO_<KEY>} in the environment.
 * Each area (queue, credentials, webhooks, schedules…) reads its own keys through its own {@code @ConfigMapping}
 * under {@code hetumind.studio.<area>}.
 */
@ConfigMapping(prefix = "hetumind.studio")
public interface StudioConfig {
    /** What this process does: {@code all} (API and workers), {@code api} (no workers) or {@code worker} (no API). */
    @WithDefault("all")
    Role role();

    /**
     * The public base URL of this studio (scheme, host, port), used in webhook and resume URLs; defaults to
     * {@code http://localhost:<port>}.
     */
    Optional<String> publicUrl();

    /**
     * The instance's base64 master key (credentials are encrypted under keys derived from it; resume tokens are signed
     * with one when {@code hetumind.studio.engine.resume-key} is not set).
     */
    Optional<String> masterKey();

    /** The process roles. */
    enum Role {
        all,
        api,
        worker;

        public boolean runsApi() {
            return this != worker;
        }

        public boolean runsWorkers() {
            return this != api;
        }
    }
}
