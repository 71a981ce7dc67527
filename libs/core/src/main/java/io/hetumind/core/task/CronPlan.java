package io.hetumind.core.task;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fire times of a cron expression in a time zone: five fields (minute precision, Unix) or six (seconds first,
 * Spring). Used by the task-server's planner and by the agent's wheel for pinned schedules. Daylight saving follows cron-utils: a wall time
 * repeated in autumn fires once (its first occurrence), a wall time that does not exist in spring does not fire that
 * day (in Europe/Berlin "30 2 * * *" skips 2026-03-29); real-time steps (hourly, every 20 s) stay evenly spaced.
 */
public final class CronPlan {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronPlan(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** Parses, or throws {@link IllegalArgumentException} with a message fit for the user. */
    public static CronPlan of(String expression, String timeZone) {
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + timeZone + "'");
        }
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a cron schedule needs an expression");
        }
        int fields = expression.trim().split("\\s+").length;
        try {
            Cron cron =
                    switch (fields) {
                        case 5 -> UNIX.parse(expression.trim());
                        case 6 -> SECONDS.parse(expression.trim());
                        default ->
                            throw new IllegalArgumentException("a cron expression has 5 or 6 fields, not " + fields);
                    };
            cron.validate();
            return new CronPlan(ExecutionTime.forCron(cron), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression: " + e.getMessage());
        }
    }

    /** The first fire time after {@code after} (exclusive, compared in whole seconds), if the expression has one. */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(
                        after.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).atZone(zone))
                .map(ZonedDateTime::toInstant);
    }

    /** The last fire time at or before {@code at} (in whole seconds), if there is one. */
    public Optional<Instant> last(Instant at) {
        return times.lastExecution(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .plusSeconds(1)
                        .atZone(zone))
                .map(ZonedDateTime::toInstant);
    }

    /** Fire times after {@code from} (exclusive) up to {@code until} (inclusive), at most {@code max}. */
    public List<Instant> between(Instant from, Instant until, int max) {
        List<Instant> out = new ArrayList<>();
        // Whole seconds: a plan starting mid-second must not carry the fraction into every fire time.
        ZonedDateTime t =
                from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).atZone(zone);
        while (out.size() < max) {
            Optional<ZonedDateTime> next = times.nextExecution(t);
            if (next.isEmpty() || next.get().toInstant().isAfter(until)) {
                break;
            }
            out.add(next.get().toInstant());
            t = next.get();
        }
        return out;
    }
}
