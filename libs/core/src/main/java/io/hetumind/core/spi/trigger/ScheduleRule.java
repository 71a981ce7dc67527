package io.hetumind.core.spi.trigger;

import java.time.ZonedDateTime;
import java.util.Optional;

/** One rule of a schedule: computes fire times in the workflow's time zone. */
public interface ScheduleRule {

    /** The first fire time strictly after {@code after} (in {@code after}'s zone), if any. */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    /** A human-readable summary for the designer and logs, e.g. "every 5 minutes". */
    String describe();
}
