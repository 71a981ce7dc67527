package io.hetumind.nodes.data.datetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Luxon's {@code startOf}/{@code endOf} rounding and {@code diff} in chosen units for Date &amp; Time v2. */
final class DateMath {

    /** Units from largest to smallest, with Luxon's plural names. */
    private static final List<String> UNITS =
            List.of("year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond");

    private static final Map<String, Long> CLOCK_MILLIS =
            Map.of("hour", 3_600_000L, "minute", 60_000L, "second", 1000L, "millisecond", 1L);

    private DateMath() {}

    static ZonedDateTime round(NodeContext ctx, int i, ZonedDateTime d) {
        String mode = Params.get(ctx, "mode", i, String.class, "roundDown");
        return switch (mode) {
            case "roundDown" -> startOf(d, Params.get(ctx, "toNearest", i, String.class, "month"), i);
            case "roundUp" -> {
                String to = Params.get(ctx, "to", i, String.class, "month");
                if (to.equals("endOfMonth")) {
                    yield startOf(d, "month", i).plusMonths(1).minusNanos(1_000_000);
                }
                yield startOf(Durations.plus(d, to, 1), to, i);
            }
            default ->
                throw NodeException.user(
                        "parameter 'mode': '" + mode + "' is not supported (roundDown, roundUp) [item " + i + "]", i);
        };
    }

    static ZonedDateTime startOf(ZonedDateTime d, String unit, int i) {
        String u = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        return switch (u) {
            case "year" -> d.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            case "quarter" ->
                d.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).withMonth((d.getMonthValue() - 1) / 3 * 3 + 1);
            case "month" -> d.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case "week" -> d.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "day" -> d.truncatedTo(ChronoUnit.DAYS);
            case "hour" -> d.truncatedTo(ChronoUnit.HOURS);
            case "minute" -> d.truncatedTo(ChronoUnit.MINUTES);
            case "second" -> d.truncatedTo(ChronoUnit.SECONDS);
            default -> throw NodeException.user("unknown time unit '" + unit + "' [item " + i + "]", i);
        };
    }

    /** {@code end.diff(start, units)}: whole calendar units first, the smallest unit may be fractional. */
    static JsonNode between(NodeContext ctx, int i, ZonedDateTime start, ZonedDateTime end) {
        JsonNode raw = ctx.paramTree("units", i);
        List<String> wanted = new ArrayList<>();
        if (raw != null && raw.isArray()) {
            raw.forEach(u -> wanted.add(u.asText()));
        } else if (raw != null && raw.isTextual()) {
            wanted.add(raw.textValue());
        }
        if (wanted.isEmpty()) {
            wanted.add("day");
        }
        for (String u : wanted) {
            if (!UNITS.contains(u)) {
                throw NodeException.user(
                        "parameter 'units': '" + u + "' is not supported (" + String.join(", ", UNITS) + ") [item " + i
                                + "]",
                        i);
            }
        }
        boolean negative = end.isBefore(start);
        ZonedDateTime cursor = negative ? end : start;
        ZonedDateTime later = negative ? start : end;
        Map<String, Double> out = new LinkedHashMap<>();
        String lastCalendar = null;
        ZonedDateTime highWater = cursor;
        for (String u : UNITS) {
            if (!wanted.contains(u) || CLOCK_MILLIS.containsKey(u)) {
                continue;
            }
            long n = 0;
            while (!Durations.plus(cursor, u, n + 1).isAfter(later)) {
                n++;
            }
            out.put(u, (double) n);
            cursor = Durations.plus(cursor, u, n);
            highWater = Durations.plus(cursor, u, 1);
            lastCalendar = u;
        }
        long remaining = Duration.between(cursor, later).toMillis();
        List<String> clock = UNITS.stream()
                .filter(u -> wanted.contains(u) && CLOCK_MILLIS.containsKey(u))
                .toList();
        if (clock.isEmpty() && lastCalendar != null) {
            long span = Duration.between(cursor, highWater).toMillis();
            out.put(lastCalendar, out.get(lastCalendar) + (span == 0 ? 0 : (double) remaining / span));
        } else if (!clock.isEmpty()) {
            // Luxon puts all the remaining milliseconds into the smallest unit asked for, then rolls whole
            // multiples up into the larger ones (normalizeValues): the smallest unit keeps the float remainder
            // of that subtraction (330.0000166… minutes - 300 = 30.00001666666668), not an exact division.
            double[] values = new double[clock.size()];
            values[clock.size() - 1] = (double) remaining / CLOCK_MILLIS.get(clock.getLast());
            for (int k = clock.size() - 2; k >= 0; k--) {
                double conv = (double) CLOCK_MILLIS.get(clock.get(k)) / CLOCK_MILLIS.get(clock.get(k + 1));
                double rollUp = Math.floor(values[k + 1] / conv);
                values[k] += rollUp;
                values[k + 1] -= rollUp * conv;
            }
            for (int k = 0; k < clock.size(); k++) {
                out.put(clock.get(k), values[k]);
            }
        }
        if (Params.get(ctx, "options.isoString", i, Boolean.class, false)) {
            return Json.F.textNode(isoDuration(out, negative));
        }
        ObjectNode o = Json.object();
        for (String u : UNITS) {
            if (out.containsKey(u)) {
                double v = negative ? -out.get(u) : out.get(u);
                o.set(u + "s", Js.number(v == 0 ? 0 : v));
            }
        }
        return o;
    }

    /**
     * Luxon's {@code Duration#toISO()}: units that are zero are left out (months include quarters), seconds carry
     * the milliseconds rounded to three decimals, and an all-zero duration is {@code PT0S}.
     */
    static String isoDuration(Map<String, Double> d, boolean negative) {
        double sign = negative ? -1 : 1;
        double years = sign * d.getOrDefault("year", 0.0);
        double months = sign * (d.getOrDefault("month", 0.0) + 3 * d.getOrDefault("quarter", 0.0));
        double weeks = sign * d.getOrDefault("week", 0.0);
        double days = sign * d.getOrDefault("day", 0.0);
        double hours = sign * d.getOrDefault("hour", 0.0);
        double minutes = sign * d.getOrDefault("minute", 0.0);
        double seconds = sign * d.getOrDefault("second", 0.0);
        double millis = sign * d.getOrDefault("millisecond", 0.0);
        StringBuilder sb = new StringBuilder("P");
        part(sb, years, 'Y');
        part(sb, months, 'M');
        part(sb, weeks, 'W');
        part(sb, days, 'D');
        if (hours != 0 || minutes != 0 || seconds != 0 || millis != 0) {
            sb.append('T');
        }
        part(sb, hours, 'H');
        part(sb, minutes, 'M');
        if (seconds != 0 || millis != 0) {
            sb.append(Js.numberToString(Math.round((seconds + millis / 1000) * 1000) / 1000.0))
                    .append('S');
        }
        return sb.length() == 1 ? "PT0S" : sb.toString();
    }

    private static void part(StringBuilder sb, double v, char suffix) {
        if (v != 0) {
            sb.append(Js.numberToString(v)).append(suffix);
        }
    }
}
