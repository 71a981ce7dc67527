package io.hetumind.nodes.trigger.schedule;

import io.hetumind.core.spi.trigger.ScheduleRule;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Weekly rule with an interval above one week: the weekly cron, kept only in every
 * {@code interval}-th week counted from the Monday-starting week of 1970-01-05, so the rule
 * needs no stored state (n8n keeps the last run week instead).
 */
record EveryNWeeks(CronExpression weekly, int interval) implements ScheduleRule {

    private static final LocalDate EPOCH_MONDAY = LocalDate.of(1970, 1, 5);

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZonedDateTime cursor = after;
        for (int i = 0; i < 7 * 54; i++) {
            Optional<ZonedDateTime> hit = weekly.next(cursor);
            if (hit.isEmpty()) {
                return hit;
            }
            long week = Math.floorDiv(
                    ChronoUnit.DAYS.between(EPOCH_MONDAY, hit.get().toLocalDate()), 7);
            if (Math.floorMod(week, interval) == 0) {
                return hit;
            }
            cursor = hit.get();
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "every " + interval + " weeks, " + weekly.describe();
    }
}
