package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.internal.Js;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * The parts of an iCalendar file ts-ics 1.2.2 (n8n 2.8.4's Extract From ICS) reads besides events: alarms, time
 * zones, and durations as objects, each with ts-ics's names and its quirks kept.
 */
final class IcsParts {

    private static final Map<String, String> ALARM_TEXTS =
            Map.of("ACTION", "action", "DESCRIPTION", "description", "SUMMARY", "summary");
    private static final Map<String, String> TIMEZONE_PROP_TEXTS =
            Map.of("COMMENT", "comment", "TZNAME", "name", "TZOFFSETFROM", "offsetFrom", "TZOFFSETTO", "offsetTo");

    private IcsParts() {}

    /**
     * ts-ics's duration object: {@code before} for a leading minus, then days, weeks, hours, minutes, seconds. It
     * reads weeks only after days and a unit in the wrong part as a number, so {@code P2W3D} gives
     * {@code {days: null}} and {@code PT1D2H} {@code {hours: null}} (NaN, which JSON shows as null), as in n8n.
     */
    static ObjectNode duration(String value) {
        ObjectNode d = Json.object();
        String t = value;
        if (t.startsWith("-")) {
            d.put("before", true);
            t = t.substring(1);
        }
        t = t.isEmpty() ? t : t.substring(1);
        String[] parts = t.split("T", -1);
        String date = parts[0];
        if (date.contains("D")) {
            date = unit(d, "days", date, "D");
        }
        if (date.contains("W")) {
            unit(d, "weeks", date, "W");
        }
        String time = parts.length > 1 ? parts[1] : "";
        if (!time.isEmpty()) {
            for (String[] u : new String[][] {{"H", "hours"}, {"M", "minutes"}, {"S", "seconds"}}) {
                if (time.contains(u[0])) {
                    time = unit(d, u[1], time, u[0]);
                }
            }
        }
        return d;
    }

    /** Sets {@code key} to JavaScript's {@code Number} of what precedes {@code letter}; returns what follows it. */
    private static String unit(ObjectNode d, String key, String text, String letter) {
        int at = text.indexOf(letter);
        double n = Js.toNumber(text.substring(0, at));
        if (Double.isNaN(n)) {
            d.putNull(key);
        } else {
            d.set(key, Js.number(n));
        }
        String rest = text.substring(at + 1);
        int next = rest.indexOf(letter);
        // JavaScript's split keeps only the part up to a second occurrence
        return next < 0 ? rest : rest.substring(0, next);
    }

    static void alarmLine(ObjectNode alarm, String name, Map<String, String> params, String value, int itemIndex) {
        if (ALARM_TEXTS.containsKey(name)) {
            // ts-ics keeps alarm text as written (no unescaping)
            alarm.put(ALARM_TEXTS.get(name), value);
            return;
        }
        switch (name) {
            case "DURATION" -> alarm.set("duration", duration(value));
            case "REPEAT" -> {
                double n = Js.toNumber(value);
                alarm.set("repeat", Double.isNaN(n) ? Json.F.nullNode() : Js.number(n));
            }
            case "TRIGGER" -> alarm.set("trigger", trigger(params, value, itemIndex));
            case "ATTENDEE" -> {
                ArrayNode attendees = alarm.has("attendees") ? (ArrayNode) alarm.get("attendees") : Json.array();
                attendees.add(IcsReader.person(value, params, true));
                alarm.set("attendees", attendees);
            }
            default -> {}
        }
    }

    private static ObjectNode trigger(Map<String, String> params, String value, int itemIndex) {
        String type = params.get("VALUE");
        boolean absolute = "DATE-TIME".equals(type) || "DATE".equals(type);
        ObjectNode t = Json.object().put("type", absolute ? "absolute" : "relative");
        t.set("value", absolute ? IcsReader.date(value, params, itemIndex) : duration(value));
        ObjectNode options = t.putObject("options");
        if (params.containsKey("RELATED")) {
            options.put("related", params.get("RELATED"));
        }
        return t;
    }

    static void timezoneLine(ObjectNode timezone, String name, String value, int itemIndex) {
        switch (name) {
            case "TZID" -> timezone.put("id", value);
            case "TZURL" -> timezone.put("url", value);
            case "LAST-MODIFIED" -> timezone.set("lastModified", utc(value));
            default -> {}
        }
    }

    static void timezonePropLine(ObjectNode prop, String name, Map<String, String> params, String value, int item) {
        if (TIMEZONE_PROP_TEXTS.containsKey(name)) {
            prop.put(TIMEZONE_PROP_TEXTS.get(name), value);
            return;
        }
        switch (name) {
            case "DTSTART" -> prop.set("start", utc(value));
            case "RRULE" -> prop.set("recurrenceRule", IcsReader.rule(value, item));
            case "RDATE" -> prop.set("recurrenceDate", IcsReader.date(value, params, item));
            default -> {}
        }
    }

    /** ts-ics's reading of a basic date-time as UTC whatever its suffix; an unreadable one is an invalid Date (null). */
    private static JsonNode utc(String v) {
        try {
            return Json.F.textNode(IcsReader.iso(LocalDateTime.of(
                    Integer.parseInt(v.substring(0, 4)),
                    Integer.parseInt(v.substring(4, 6)),
                    Integer.parseInt(v.substring(6, 8)),
                    Integer.parseInt(v.substring(9, 11)),
                    Integer.parseInt(v.substring(11, 13)),
                    Integer.parseInt(v.substring(13, 15)))));
        } catch (RuntimeException e) {
            return Json.F.nullNode();
        }
    }
}
