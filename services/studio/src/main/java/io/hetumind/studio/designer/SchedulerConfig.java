package io.hetumind.studio.designer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The designer's {@code /tasks} pass-through to the task-server ({@code HETUMIND_STUDIO_SCHEDULER_*}). */
@ConfigMapping(prefix = "hetumind.studio.scheduler")
public interface SchedulerConfig {
    /** The task-server's base URL (scheme, host, port); without it the designer's scheduler pages say so. */
    Optional<String> url();

    /** How long to wait for a connection to the task-server. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** How long to wait for the task-server's whole answer. */
    @WithDefault("20s")
    Duration timeout();
}
