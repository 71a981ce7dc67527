package io.hetumind.nodes.data.datetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Date &amp; Time v1 (moment semantics): format a date, or add/subtract a duration, in the workflow's time zone. */
final class DateTimeV1 {

    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private DateTimeV1() {}

    static List<Item> apply(NodeContext ctx, int i, Item item) {
        String action = Params.get(ctx, "action", 0, String.class, "format");
        ObjectNode json = item.json().deepCopy();
        String property = Params.get(ctx, "dataPropertyName", i, String.class, "data");
        switch (action) {
            case "format" -> {
                JsonNode value = ctx.paramTree("value", i);
                if (value == null || value.isMissingNode()) {
                    return List.of();
                }
                json.put(property, format(ctx, i, value));
            }
            case "calculate" -> JsonPaths.set(json, property, Json.F.textNode(calculate(ctx, i)), true);
            default ->
                throw NodeException.user(
                        "parameter 'action': '" + action + "' is not supported (format, calculate)", i);
        }
        return List.of(new Item(json, item.binary(), new PairedItem(i, 0)));
    }

    private static String format(NodeContext ctx, int i, JsonNode value) {
        ZoneId wf = ctx.zone();
        // moment() without a zone is local: the process zone (n8n's TZ), not the workflow's
        ZoneId local = ctx.processZone();
        String fromFormat = Params.get(ctx, "options.fromFormat", i, String.class, "");
        ZoneId fromTz = zone(ctx, "options.fromTimezone", i);
        ZoneId toTz = zone(ctx, "options.toTimezone", i);
        String toFormat = Params.get(ctx, "toFormat", i, String.class, "MM/DD/YYYY");
        boolean zoned = fromTz != null || toTz != null;
        ZonedDateTime now = ctx.now().atZone(zoned ? wf : local);
        ZonedDateTime date;
        double number = value.isContainerNode() ? Double.NaN : Js.toNumber(value);
        if (!Double.isNaN(number)) {
            if (number != Math.rint(number)) {
                number = number * 1000;
            }
            boolean integral = number == Math.rint(number);
            long n = (long) number;
            date = integral && Js.numberToString(number).length() < 12
                    ? Instant.ofEpochSecond(n).atZone(local)
                    : Instant.ofEpochMilli(Math.round(number)).atZone(local);
        } else {
            String text = Js.toString(value, false);
            // with a zone option moment.tz reads in fromTimezone, else the workflow's; without, moment reads local
            ZoneId parseZone = zoned ? (fromTz != null ? fromTz : wf) : local;
            if (!fromFormat.isEmpty()) {
                date = DateParser.parse(text, MomentPattern.tokenize(fromFormat), parseZone, now, false);
            } else if (zoned) {
                date = DateInputs.momentTz(text, parseZone, now);
            } else {
                date = DateInputs.momentLocal(text, local, now);
            }
            if (date == null) {
                throw NodeException.user(
                        "parameter 'value': The date input format could not be recognized. Please set the \"From"
                                + " Format\" field [item " + i + "]",
                        i);
            }
        }
        if (zoned) {
            date = date.withZoneSameInstant(toTz != null ? toTz : wf);
        }
        return DateFormatter.format(date, MomentPattern.tokenize(toFormat));
    }

    private static String calculate(NodeContext ctx, int i) {
        // n8n v1 reads the date with new Date() (or moment with a format) and adds with moment, in the process's zone
        // (TZ), whatever the workflow's zone: here the host's process zone (UTC unless configured)
        ZoneId wf = ctx.processZone();
        String value = Js.toString(ctx.paramTree("value", i), false);
        String operation = Params.get(ctx, "operation", i, String.class, "add");
        double duration = Params.get(ctx, "duration", i, Double.class, 0.0);
        String unit = Params.get(ctx, "timeUnit", i, String.class, "days");
        String fromFormat = Params.get(ctx, "options.fromFormat", i, String.class, "");
        ZonedDateTime now = ctx.now().atZone(wf);
        ZonedDateTime date;
        if (!fromFormat.isEmpty()) {
            date = DateParser.parse(value, MomentPattern.tokenize(fromFormat), wf, now, true);
            if (date == null) {
                throw NodeException.user(
                        "parameter 'options.fromFormat': Date input cannot be parsed. Please recheck the value and"
                                + " the \"From Format\" field [item " + i + "]",
                        i);
            }
        } else {
            // new Date(value).toISOString(), then moment(thatIso): a local-zone moment of the instant JS read
            date = DateInputs.jsDate(value, wf, now);
            if (date == null) {
                throw NodeException.user(
                        "Unrecognized date input. Please specify a format in the \"From Format\" field.", i);
            }
        }
        double amount =
                switch (operation) {
                    case "add" -> duration;
                    case "subtract" -> -duration;
                    default ->
                        throw NodeException.user(
                                "parameter 'operation': '" + operation + "' is not supported (add, subtract)", i);
                };
        try {
            return ISO_UTC.format(Durations.plus(date, unit, amount).withZoneSameInstant(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw NodeException.user("parameter 'timeUnit': " + e.getMessage() + " [item " + i + "]", i);
        }
    }

    /** A time zone parameter, or null when unset. */
    static ZoneId zone(NodeContext ctx, String path, int i) {
        String name = Params.get(ctx, path, i, String.class, "");
        if (name.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw NodeException.user("parameter '" + path + "': unknown time zone '" + name + "' [item " + i + "]", i);
        }
    }
}
