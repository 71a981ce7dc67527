package io.hetumind.core.expr;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;
import org.mozilla.javascript.ScriptRuntime;

/** Luxon's units, largest first, with their calendar arithmetic and casual lengths. */
enum TimeUnit {
    YEARS(ChronoUnit.YEARS, 365L * 86_400_000),
    QUARTERS(IsoFields.QUARTER_YEARS, 91L * 86_400_000),
    MONTHS(ChronoUnit.MONTHS, 30L * 86_400_000),
    WEEKS(ChronoUnit.WEEKS, 7L * 86_400_000),
    DAYS(ChronoUnit.DAYS, 86_400_000L),
    HOURS(ChronoUnit.HOURS, 3_600_000L),
    MINUTES(ChronoUnit.MINUTES, 60_000L),
    SECONDS(ChronoUnit.SECONDS, 1_000L),
    MILLISECONDS(ChronoUnit.MILLIS, 1L);

    final java.time.temporal.TemporalUnit temporal;
    final long casualMillis;

    TimeUnit(java.time.temporal.TemporalUnit temporal, long casualMillis) {
        this.temporal = temporal;
        this.casualMillis = casualMillis;
    }

    /** Luxon's plural key, as used in duration objects. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Calendar units follow the local wall clock across DST; time units are exact. */
    boolean isCalendar() {
        return ordinal() <= DAYS.ordinal();
    }

    ZonedDateTime add(ZonedDateTime value, double amount) {
        long whole = (long) amount;
        double fraction = amount - whole;
        ZonedDateTime result = whole == 0 ? value : value.plus(whole, temporal);
        if (fraction != 0) {
            result = result.plus(Math.round(fraction * casualMillis), ChronoUnit.MILLIS);
        }
        return result;
    }

    /** Accepts "day", "days", "Days", "ms"; throws a RangeError on anything else. */
    static TimeUnit parse(Object name) {
        String s = ScriptRuntime.toString(name).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "year", "years" -> YEARS;
            case "quarter", "quarters" -> QUARTERS;
            case "month", "months" -> MONTHS;
            case "week", "weeks" -> WEEKS;
            case "day", "days" -> DAYS;
            case "hour", "hours" -> HOURS;
            case "minute", "minutes" -> MINUTES;
            case "second", "seconds" -> SECONDS;
            case "millisecond", "milliseconds", "ms" -> MILLISECONDS;
            default -> throw ScriptRuntime.rangeError("Invalid unit " + s);
        };
    }

    /** Like {@link #parse} but null for an unknown key, for scanning option objects. */
    static TimeUnit parseOrNull(String name) {
        try {
            return parse(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
