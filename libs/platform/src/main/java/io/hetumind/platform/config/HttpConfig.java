package io.hetumind.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** HTTP limits shared by every service. */
@ConfigMapping(prefix = "hetumind.http")
public interface HttpConfig {
    /** Largest request body accepted, in bytes; larger ones get a 413 problem; {@code HETUMIND_HTTP_MAX_BODY_BYTES}. */
    @WithDefault("65536")
    long maxBodyBytes();
}
