package io.hetumind.nodes.data.datetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
    private static JsonNode magnitude(NodeContext ctx, String op, int i) {
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

    /**
     * n8n's Luxon date reading: timestamps (seconds below 1e12, else milliseconds), {@code fromFormat}, ISO or
     * JS-Date-like text. With no {@code zone} an offset in the text is kept and wall times are UTC.
     */
    static ZonedDateTime parse(NodeContext ctx, int i, String param, JsonNode value, ZoneId zone, String fromFormat) {
        if (Js.isNullish(value)) {
            throw NodeException.user("parameter '" + param + "': Invalid date type [item " + i + "]", i);
        }
        ZoneId z = zone == null ? ZoneOffset.UTC : zone;
        ZonedDateTime now = ctx.now().atZone(z);
        boolean hasFormat = fromFormat != null && !fromFormat.isEmpty();
        double number = value.isContainerNode() ? Double.NaN : Js.toNumber(value);
        if (!hasFormat
                && (value.isNumber()
                        || (!Double.isNaN(number) && !Js.toString(value, false).isBlank()))) {
            long millis = Math.abs(number) < 1e12 ? Math.round(number * 1000) : Math.round(number);
            return Instant.ofEpochMilli(millis).atZone(zone == null ? ctx.zone() : zone);
        }
        String text = Js.toString(value, false).strip();
        if (text.isEmpty()) {
            throw NodeException.user("parameter '" + param + "': Empty date string [item " + i + "]", i);
        }
        ZonedDateTime d;
        if (hasFormat) {
            d = DateParser.parse(text, LuxonPattern.tokenize(fromFormat), z, now, true);
        } else {
            d = DateInputs.iso(text, z);
            if (d != null && zone == null && DateInputs.iso(text, ZoneOffset.UTC) != null) {
                d = keepOffset(text, d);
            }
            if (d == null) {
                d = DateInputs.loose(text, z, now);
            }
        }
        if (d == null) {
            throw NodeException.user(
                    "parameter '" + param + "': Invalid date format: '" + text + "' [item " + i + "]", i);
        }
        return d;
    }

    /** Keeps the offset written in the text (Luxon's {@code setZone}) when no zone is imposed. */
    private static ZonedDateTime keepOffset(String text, ZonedDateTime parsed) {
        var m = java.util.regex.Pattern.compile("([+-]\\d{2}):?(\\d{2})$").matcher(text);
        if (m.find()) {
            return parsed.withZoneSameInstant(DateParser.offset(m.group(1) + m.group(2)));
        }
        return parsed;
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
