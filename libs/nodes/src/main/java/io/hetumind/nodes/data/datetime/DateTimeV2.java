package io.hetumind.nodes.data.datetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeEnvironment;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.nodes.internal.Js;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.List;

/** Date &amp; Time v2 (Luxon semantics): current date, add/subtract, format, round, difference and extract. */
final class DateTimeV2 {

    private DateTimeV2() {}

    static List<Item> apply(NodeContext ctx, int i, Item item) {
        String op = Params.get(ctx, "operation", 0, String.class, "getCurrentDate");
        ZoneId wf = ctx.zone();
        String field = Params.get(ctx, "outputFieldName", i, String.class, defaultField(op));
        JsonNode value =
                switch (op) {
                    case "getCurrentDate" -> {
                        ZoneId zone = DateTimeV1.zone(ctx, "options.timezone", i);
                        ZonedDateTime now = ctx.now().atZone(zone == null ? wf : zone);
                        yield iso(
                                Params.get(ctx, "includeTime", i, Boolean.class, true)
                                        ? now
                                        : now.truncatedTo(ChronoUnit.DAYS));
                    }
                    case "addToDate", "subtractFromDate" -> {
                        ZonedDateTime d = parse(ctx, i, "magnitude", magnitude(ctx, op, i), wf, null);
                        double n = Params.get(ctx, "duration", i, Double.class, 0.0);
                        String unit = Params.get(ctx, "timeUnit", i, String.class, "days");
                        try {
                            yield iso(Durations.plus(d, unit, op.equals("addToDate") ? n : -n));
                        } catch (IllegalArgumentException e) {
                            throw NodeException.user(
                                    "parameter 'timeUnit': " + e.getMessage() + " [item " + i + "]", i);
                        }
                    }
                    case "formatDate" -> formatDate(ctx, i, wf);
                    case "roundDate" ->
                        iso(DateMath.round(ctx, i, parse(ctx, i, "date", ctx.paramTree("date", i), wf, null)));
                    case "getTimeBetweenDates" -> {
                        ZonedDateTime start = parse(ctx, i, "startDate", ctx.paramTree("startDate", i), wf, null);
                        ZonedDateTime end = parse(ctx, i, "endDate", ctx.paramTree("endDate", i), wf, null);
                        yield DateMath.between(ctx, i, start, end);
                    }
                    case "extractDate" ->
                        Json.F.numberNode(extract(ctx, i, parse(ctx, i, "date", ctx.paramTree("date", i), wf, null)));
                    default ->
                        throw NodeException.user(
                                "parameter 'operation': '" + op + "' is not supported (getCurrentDate, addToDate,"
                                        + " subtractFromDate, formatDate, roundDate, getTimeBetweenDates, extractDate)",
                                i);
                };
        ObjectNode json = Params.get(ctx, "options.includeInputFields", i, Boolean.class, false)
                ? item.json().deepCopy()
                : Json.object();
        json.set(field, value);
        return List.of(new Item(json, item.binary(), new PairedItem(i, 0)));
    }

    private static String defaultField(String op) {
        return switch (op) {
            case "getCurrentDate" -> "currentDate";
            case "formatDate" -> "formattedDate";
            case "roundDate" -> "roundedDate";
            case "getTimeBetweenDates" -> "timeDifference";
            case "extractDate" -> "datePart";
            default -> "newDate";
        };
    }

    /** The date to add to or subtract from ({@code magnitude}; early drafts named it after the operation). */
    private static JsonNode magnitude(NodeParameters ctx, String op, int i) {
        JsonNode m = ctx.paramTree("magnitude", i);
        if ((m == null || m.isNull() || (m.isTextual() && m.textValue().isEmpty())) && ctx.rawParam(op) != null) {
            m = ctx.paramTree(op, i);
        }
        return m;
    }

    private static JsonNode formatDate(NodeContext ctx, int i, ZoneId wf) {
        JsonNode date = ctx.paramTree("date", i);
        if (Js.isNullish(date)) {
            return Json.F.nullNode();
        }
        boolean useWorkflowZone = Params.get(ctx, "options.timezone", i, Boolean.class, false);
        String fromFormat = Params.get(ctx, "options.fromFormat", i, String.class, "");
        ZonedDateTime d = parse(ctx, i, "date", date, useWorkflowZone ? wf : null, fromFormat);
        String format = Params.get(ctx, "format", i, String.class, "MM/dd/yyyy");
        if (format.equals("custom")) {
            format = Params.get(ctx, "customFormat", i, String.class, "");
        }
        return Json.F.textNode(DateFormatter.format(d, LuxonPattern.tokenize(format)));
    }

    private static int extract(NodeContext ctx, int i, ZonedDateTime d) {
        String part = Params.get(ctx, "part", i, String.class, "month");
        return switch (part) {
            case "year" -> d.getYear();
            case "month" -> d.getMonthValue();
            case "week" -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "day" -> d.getDayOfMonth();
            case "hour" -> d.getHour();
            case "minute" -> d.getMinute();
            case "second" -> d.getSecond();
            default ->
                throw NodeException.user(
                        "parameter 'part': '" + part + "' is not supported (year, month, week, day, hour, minute,"
                                + " second) [item " + i + "]",
                        i);
        };
    }

    /** The zone n8n sets a date to when it is told none: Luxon's IANA {@code Etc/UTC} (not the fixed UTC zone). */
    static final ZoneId ETC_UTC = ZoneId.of("Etc/UTC");

    /**
     * n8n's {@code parseDate} of Date &amp; Time v2. A number (or, without {@code fromFormat}, a numeric text) is a
     * timestamp: fractions are seconds scaled to milliseconds first, then fewer than 12 digits count as seconds,
     * more as milliseconds. Text is read with {@code fromFormat} in the workflow's zone (Luxon's default zone), or
     * as moment reads it, wall times in the process zone ({@code TZ} in n8n, whose container image leaves it unset:
     * UTC; here {@link NodeEnvironment#processZone}). The instance's {@code GENERIC_TIMEZONE} is the workflow's default
     * zone instead, and only decides the zone a result is shown in. The result is shown in {@code zone}; with none,
     * a text holding "+hh" is shown at that whole-hour offset ({@code Etc/GMT-hh}, minutes dropped, as n8n does),
     * anything else in {@code Etc/UTC}.
     */
    static ZonedDateTime parse(
            NodeEnvironment ctx, int i, String param, JsonNode value, ZoneId zone, String fromFormat) {
        boolean hasFormat = fromFormat != null && !fromFormat.isEmpty();
        if (value == null || value.isMissingNode() || value.isContainerNode() || (value.isNull() && hasFormat)) {
            throw NodeException.user("parameter '" + param + "': Invalid date type [item " + i + "]", i);
        }
        double number = Js.toNumber(value);
        if (value.isNumber() || (!hasFormat && !Double.isNaN(number))) {
            return epoch(param, i, number).atZone(zone == null ? ETC_UTC : zone);
        }
        String text = Js.toString(value, false);
        ZoneId target = zone;
        if (target == null && text.contains("+")) {
            String after = text.split("\\+", -1)[1];
            String hours = Js.numberToString(Js.toNumber(after.substring(0, Math.min(2, after.length()))));
            try {
                target = ZoneId.of("Etc/GMT-" + hours);
            } catch (java.time.DateTimeException e) {
                throw NodeException.user(
                        "parameter '" + param + "': unsupported time zone 'Etc/GMT-" + hours + "' read from '" + text
                                + "' [item " + i + "]",
                        i);
            }
        }
        ZonedDateTime d;
        if (hasFormat) {
            d = DateParser.parse(
                    text,
                    LuxonPattern.tokenize(fromFormat),
                    ctx.zone(),
                    ctx.now().atZone(ctx.zone()),
                    true);
        } else {
            d = DateInputs.momentLocal(
                    text.strip(), ctx.processZone(), ctx.now().atZone(ctx.processZone()));
        }
        if (d == null) {
            throw NodeException.user(
                    "parameter '" + param + "': Invalid date format: '" + text + "' [item " + i + "]", i);
        }
        return d.withZoneSameInstant(target == null ? ETC_UTC : target);
    }

    /** A timestamp as n8n reads it; a fraction left after scaling to milliseconds is no date there either. */
    private static Instant epoch(String param, int i, double number) {
        double n = number == Math.rint(number) ? number : number * 1000;
        if (Double.isInfinite(n) || n != Math.rint(n) || Math.abs(n) >= 1e21) {
            throw NodeException.user(
                    "parameter '" + param + "': Invalid date format: " + Js.numberToString(number) + " [item " + i
                            + "]",
                    i);
        }
        // n8n counts the characters of the number's text (a minus sign included): fewer than 12 are seconds
        boolean seconds = Js.numberToString(n).length() < 12;
        try {
            return seconds ? Instant.ofEpochSecond((long) n) : Instant.ofEpochMilli((long) n);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw NodeException.user(
                    "parameter '" + param + "': timestamp out of range: " + Js.numberToString(number) + " [item " + i
                            + "]",
                    i);
        }
    }

    /** Luxon's {@code toISO()}: milliseconds and offset, {@code Z} for the UTC zone itself. */
    static JsonNode iso(ZonedDateTime d) {
        String zoneId = d.getZone().getId();
        boolean utc = zoneId.equals("Z") || zoneId.equalsIgnoreCase("UTC") || zoneId.equalsIgnoreCase("GMT");
        String base = DateFormatter.format(d, LuxonPattern.tokenize("yyyy-MM-dd'T'HH:mm:ss.SSS"));
        return Json.F.textNode(
                base + (utc ? "Z" : DateFormatter.offset(d.getOffset().getTotalSeconds(), true, false)));
    }
}
