package io.hetumind.studio.engine;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Node plugins ({@code HETUMIND_STUDIO_PLUGINS_*}). */
@ConfigMapping(prefix = "hetumind.studio.plugins")
public interface PluginsConfig {
    /**
     * Directory of node plugin jars loaded at start, each in its own class loader (see libs/node-sdk). A refused
     * plugin (incompatible node SDK, a node type that fails to load, a type id the studio already has) is logged with
     * its reason and left out; the studio starts regardless. {@code POST /api/v1/plugins/reload} applies changes to the
     * directory without a restart. Unset: no plugins.
     */
    Optional<String> dir();
}
