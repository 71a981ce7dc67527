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
        List<String> clock = wanted.stream().filter(CLOCK_MILLIS::containsKey).toList();
        if (clock.isEmpty() && lastCalendar != null) {
            long span = Duration.between(cursor, highWater).toMillis();
            out.put(lastCalendar, out.get(lastCalendar) + (span == 0 ? 0 : (double) remaining / span));
        } else {
            for (String u : UNITS) {
                if (!clock.contains(u)) {
                    continue;
                }
                long unitMs = CLOCK_MILLIS.get(u);
                boolean last = u.equals(clock.getLast());
                double n = last ? (double) remaining / unitMs : Math.floor((double) remaining / unitMs);
                out.put(u, n);
                remaining -= (long) (n * unitMs);
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

    /** Luxon's {@code Duration#toISO()}. */
    private static String isoDuration(Map<String, Double> d, boolean negative) {
        StringBuilder sb = new StringBuilder("P");
        String sign = negative ? "-" : "";
        appendPart(sb, d, "year", "Y", sign);
        appendPart(sb, d, "quarter", "Q", sign);
        appendPart(sb, d, "month", "M", sign);
        appendPart(sb, d, "week", "W", sign);
        appendPart(sb, d, "day", "D", sign);
        boolean time = d.containsKey("hour")
                || d.containsKey("minute")
                || d.containsKey("second")
                || d.containsKey("millisecond");
        if (time) {
            sb.append('T');
            appendPart(sb, d, "hour", "H", sign);
            appendPart(sb, d, "minute", "M", sign);
            double seconds = d.getOrDefault("second", 0.0) + d.getOrDefault("millisecond", 0.0) / 1000;
            if (d.containsKey("second") || d.containsKey("millisecond")) {
                sb.append(sign).append(Js.numberToString(seconds)).append('S');
            }
        }
        return sb.length() == 1 ? "PT0S" : sb.toString().replace("Q", "");
    }

    private static void appendPart(StringBuilder sb, Map<String, Double> d, String unit, String suffix, String sign) {
        if (d.containsKey(unit)) {
            double v = unit.equals("quarter") ? d.get(unit) * 3 : d.get(unit);
            sb.append(sign).append(Js.numberToString(v)).append(unit.equals("quarter") ? "M" : suffix);
        }
    }
}
