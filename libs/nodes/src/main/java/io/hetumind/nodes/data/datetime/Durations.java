package io.hetumind.nodes.data.datetime;

import java.time.ZonedDateTime;

/** Adds moment/Luxon durations: calendar units in whole steps (as moment rounds them), clock units exactly. */
final class Durations {

    private Durations() {}

    /** {@code date + amount unit}; units are moment's or Luxon's names, singular or plural. */
    static ZonedDateTime plus(ZonedDateTime date, String unit, double amount) {
        String u = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        long whole = Math.round(amount);
        return switch (u) {
            case "year" -> date.plusYears(whole);
            case "quarter" -> date.plusMonths(3 * whole);
            case "month" -> date.plusMonths(whole);
            case "week" -> date.plusWeeks(whole);
            case "day" -> date.plusDays(whole);
            case "hour" -> date.plusNanos(Math.round(amount * 3_600_000) * 1_000_000L);
            case "minute" -> date.plusNanos(Math.round(amount * 60_000) * 1_000_000L);
            case "second" -> date.plusNanos(Math.round(amount * 1000) * 1_000_000L);
            case "millisecond" -> date.plusNanos(Math.round(amount) * 1_000_000L);
            default -> throw new IllegalArgumentException("unknown time unit '" + unit + "'");
        };
    }
}
