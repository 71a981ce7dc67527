package io.hetumind.studio.statistics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The statistics area's settings ({@code HETUMIND_STUDIO_STATISTICS_*}). */
@ConfigMapping(prefix = "hetumind.studio.statistics")
public interface StatisticsConfig {
    /** How long an ended execution counts in statistics; older rows are deleted hourly. Also the widest window. */
    @WithDefault("31d")
    Duration retention();
}
