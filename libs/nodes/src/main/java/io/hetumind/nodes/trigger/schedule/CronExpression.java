package io.hetumind.nodes.trigger.schedule;

import io.hetumind.core.spi.trigger.ScheduleRule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A 5-field ({@code min hour dom mon dow}) or 6-field ({@code sec min hour dom mon dow}) cron
 * expression as n8n accepts it. Day-of-month and day-of-week match either when both are
 * restricted (classic cron). Times are wall-clock times in the zone of the reference time: a
 * time in a spring-forward gap fires right after the gap, a time in a fall-back overlap once.
 */
public final class CronExpression implements ScheduleRule {

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
    /** Far enough for any satisfiable expression (Feb 29 on a given weekday recurs within 28 years). */
    private static final int MAX_DAYS = 366 * 30;

    private final String source;
    private final CronField seconds;
    private final CronField minutes;
    private final CronField hours;
    private final CronField daysOfMonth;
    private final CronField months;
    private final CronField daysOfWeek;

    private CronExpression(String source, String[] f) {
        this.source = source;
        int o = f.length == 6 ? 1 : 0;
        this.seconds = f.length == 6
                ? CronField.parse(f[0], 0, 59, null, "second")
                : CronField.parse("0", 0, 59, null, "second");
        this.minutes = CronField.parse(f[o], 0, 59, null, "minute");
        this.hours = CronField.parse(f[o + 1], 0, 23, null, "hour");
        this.daysOfMonth = CronField.parse(f[o + 2], 1, 31, null, "day of month");
        this.months = CronField.parse(f[o + 3], 1, 12, MONTHS, "month");
        this.daysOfWeek = CronField.parse(f[o + 4], 0, 7, DAYS, "day of week");
    }

    /** Parses; a malformed expression throws {@link IllegalArgumentException} saying which field. */
    public static CronExpression parse(String expression) {
        String trimmed = expression == null ? "" : expression.trim();
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("cron expression '" + trimmed + "' must have 5 or 6 fields, has "
                    + (trimmed.isEmpty() ? 0 : fields.length));
        }
        return new CronExpression(trimmed, fields);
    }

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        LocalDateTime start = after.toLocalDateTime();
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!dayMatches(day)) {
                continue;
            }
            LocalTime from = i == 0 ? start.toLocalTime() : LocalTime.MIN;
            Optional<ZonedDateTime> hit = firstOnDay(day, from, after);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private Optional<ZonedDateTime> firstOnDay(LocalDate day, LocalTime from, ZonedDateTime after) {
        for (int h = hours.nextFrom(from.getHour()); h >= 0; h = hours.nextFrom(h + 1)) {
            int minStart = h == from.getHour() ? from.getMinute() : 0;
            for (int m = minutes.nextFrom(minStart); m >= 0; m = minutes.nextFrom(m + 1)) {
                int secStart = h == from.getHour() && m == from.getMinute() ? from.getSecond() : 0;
                for (int s = seconds.nextFrom(secStart); s >= 0; s = seconds.nextFrom(s + 1)) {
                    // a local time repeated by a fall-back overlap fires once, at its earlier instant
                    ZonedDateTime candidate = ZonedDateTime.ofLocal(day.atTime(h, m, s), after.getZone(), null);
                    if (candidate.isAfter(after)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day) {
        if (!months.matches(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.matches(day.getDayOfMonth());
        int dowValue =
                day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue();
        boolean dow = daysOfWeek.matches(dowValue) || (dowValue == 0 && daysOfWeek.matches(7));
        if (daysOfMonth.wildcard() || daysOfWeek.wildcard()) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String describe() {
        return "cron '" + source + "'";
    }

    @Override
    public String toString() {
        return source;
    }
}
