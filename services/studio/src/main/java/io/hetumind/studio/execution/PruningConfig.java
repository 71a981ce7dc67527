package io.hetumind.studio.execution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Defaults for pruning execution records ({@code HETUMIND_STUDIO_EXECUTIONS_*}) until an instance admin changes them
 * through {@code PUT /api/v1/executions/pruning}.
 */
@ConfigMapping(prefix = "hetumind.studio.executions")
public interface PruningConfig {
    @WithDefault("true")
    boolean pruneEnabled();

    /** Records older than this many hours go (default 14 days). */
    @WithDefault("336")
    int pruneMaxAgeHours();

    /** At most this many settled records are kept. */
    @WithDefault("100000")
    int pruneMaxCount();

    /** Day partitions created ahead of today. */
    @WithDefault("3")
    int partitionsAhead();
}
