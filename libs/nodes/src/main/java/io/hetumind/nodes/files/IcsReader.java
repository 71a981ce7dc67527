package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An iCalendar file as the object ts-ics's {@code icsCalendarToObject} gives n8n's "Extract From ICS": calendar
 * properties ({@code version}, {@code prodId}, {@code method}, {@code scale}, {@code name}) and {@code events}, each
 * with its properties under ts-ics's names, dates as {@code {date, type}} (ISO instant in UTC), text as written (ts-ics
 * 1.2.2 does not unescape {@code \,} {@code \;} {@code \n}; n8n 2.8.4 shows the backslashes).
 */
final class IcsReader {

    private static final Map<String, String> CALENDAR_KEYS = Map.of(
            "VERSION", "version", "PRODID", "prodId", "METHOD", "method", "CALSCALE", "scale", "X-WR-CALNAME", "name");
    private static final Map<String, String> EVENT_KEYS = Map.ofEntries(
            Map.entry("CATEGORIES", "categories"),
            Map.entry("CREATED", "created"),
            Map.entry("DESCRIPTION", "description"),
            Map.entry("LAST-MODIFIED", "lastModified"),
            Map.entry("LOCATION", "location"),
            Map.entry("EXDATE", "exceptionDates"),
            Map.entry("RRULE", "recurrenceRule"),
            Map.entry("DTSTAMP", "stamp"),
            Map.entry("DTSTART", "start"),
            Map.entry("SUMMARY", "summary"),
            Map.entry("UID", "uid"),
            Map.entry("TRANSP", "timeTransparent"),
            Map.entry("URL", "url"),
            Map.entry("DTEND", "end"),
            Map.entry("DURATION", "duration"),
            Map.entry("GEO", "geo"),
            Map.entry("CLASS", "class"),
            Map.entry("ORGANIZER", "organizer"),
            Map.entry("PRIORITY", "priority"),
            Map.entry("SEQUENCE", "sequence"),
            Map.entry("STATUS", "status"),
            Map.entry("ATTACH", "attach"),
            Map.entry("RECURRENCE-ID", "recurrenceId"),
            Map.entry("ATTENDEE", "attendees"),
            Map.entry("COMMENT", "comment"));
    private static final List<String> DATES =
            List.of("created", "lastModified", "stamp", "start", "end", "recurrenceId");

    private IcsReader() {}

    /** One line of content: name, parameters, value. */
    private record Line(String name, Map<String, String> params, String value) {}

    static ObjectNode read(String text, int itemIndex) {
        List<Line> lines = unfold(text);
        if (lines.stream().noneMatch(l -> l.name().equals("BEGIN") && l.value().equalsIgnoreCase("VCALENDAR"))) {
            throw NodeException.user(
                    "The file selected in 'Input Binary Field' is not an iCalendar file (no BEGIN:VCALENDAR) [item "
                            + itemIndex + "]",
                    itemIndex);
        }
        ObjectNode calendar = Json.object();
        ArrayNode events = Json.array();
        ArrayNode timezones = Json.array();
        List<String> stack = new ArrayList<>();
        ObjectNode event = null;
        ArrayNode attendees = null;
        ArrayNode alarms = null;
        ObjectNode alarm = null;
        ObjectNode timezone = null;
        List<ObjectNode> standard = new ArrayList<>();
        List<ObjectNode> daylight = new ArrayList<>();
        ObjectNode tzProp = null;
        for (Line l : lines) {
            if (l.name().equals("BEGIN")) {
                stack.add(l.value().toUpperCase(Locale.ROOT));
                String what = stack.getLast();
                if (stack.size() == 2 && what.equals("VEVENT")) {
                    event = Json.object();
                    attendees = Json.array();
                    alarms = Json.array();
                } else if (stack.size() == 2 && what.equals("VTIMEZONE")) {
                    timezone = Json.object();
                    standard.clear();
                    daylight.clear();
                } else if (stack.size() == 3 && event != null && what.equals("VALARM")) {
                    alarm = Json.object();
                } else if (stack.size() == 3
                        && timezone != null
                        && (what.equals("STANDARD") || what.equals("DAYLIGHT"))) {
                    tzProp = Json.object().put("type", what);
                    (what.equals("STANDARD") ? standard : daylight).add(tzProp);
                }
                continue;
            }
            if (l.name().equals("END")) {
                if (stack.size() == 2 && event != null && stack.getLast().equals("VEVENT")) {
                    if (!alarms.isEmpty()) {
                        event.set("alarms", alarms);
                    }
                    if (!attendees.isEmpty()) {
                        event.set("attendees", attendees);
                    }
                    events.add(event);
                    event = null;
                } else if (stack.size() == 2
                        && timezone != null
                        && stack.getLast().equals("VTIMEZONE")) {
                    // ts-ics lists every STANDARD part, then every DAYLIGHT part
                    ArrayNode props = Json.array();
                    standard.forEach(props::add);
                    daylight.forEach(props::add);
                    timezone.set("props", props);
                    timezones.add(timezone);
                    timezone = null;
                } else if (stack.size() == 3 && alarm != null && stack.getLast().equals("VALARM")) {
                    alarms.add(alarm);
                    alarm = null;
                } else if (stack.size() == 3) {
                    tzProp = null;
                }
                if (!stack.isEmpty()) {
                    stack.removeLast();
                }
                continue;
            }
            if (stack.size() == 3 && alarm != null) {
                IcsParts.alarmLine(alarm, l.name(), l.params(), l.value(), itemIndex);
            } else if (stack.size() == 3 && tzProp != null) {
                IcsParts.timezonePropLine(tzProp, l.name(), l.params(), l.value(), itemIndex);
            } else if (stack.size() == 2 && timezone != null) {
                IcsParts.timezoneLine(timezone, l.name(), l.value(), itemIndex);
            } else if (stack.size() == 1 && CALENDAR_KEYS.containsKey(l.name())) {
                calendar.put(CALENDAR_KEYS.get(l.name()), l.value());
            } else if (stack.size() == 2 && event != null && EVENT_KEYS.containsKey(l.name())) {
                String key = EVENT_KEYS.get(l.name());
                if (key.equals("attendees")) {
                    attendees.add(person(l));
                } else {
                    event.set(key, eventValue(key, l, itemIndex));
                }
            }
        }
        if (!timezones.isEmpty()) {
            calendar.set("timezones", timezones);
        }
        if (!events.isEmpty()) {
            calendar.set("events", events);
        }
        return calendar;
    }

    private static JsonNode eventValue(String key, Line l, int itemIndex) {
        if (DATES.contains(key)) {
            return date(l.value(), l.params(), itemIndex);
        }
        return switch (key) {
            case "categories" -> {
                ArrayNode a = Json.array();
                for (String c : l.value().split(",")) {
                    a.add(c);
                }
                yield a;
            }
            case "sequence", "priority" ->
                io.hetumind.nodes.internal.Js.number(io.hetumind.nodes.internal.Js.toNumber(l.value()));
            case "organizer" -> person(l);
            case "exceptionDates" -> {
                ArrayNode a = Json.array();
                for (String d : l.value().split(",")) {
                    a.add(date(d, l.params(), itemIndex));
                }
                yield a;
            }
            case "recurrenceRule" -> rule(l.value(), itemIndex);
            case "duration" -> IcsParts.duration(l.value());
            default -> Json.F.textNode(l.value());
        };
    }

    private static final Map<String, String> ORGANIZER_PARAMS = Map.of("CN", "name", "DIR", "dir", "SENT-BY", "sentBy");
    private static final Map<String, String> ATTENDEE_PARAMS = Map.of(
            "CN", "name",
            "DIR", "dir",
            "SENT-BY", "sentBy",
            "ROLE", "role",
            "PARTSTAT", "partstat",
            "MEMBER", "member",
            "DELEGATED-FROM", "delegatedFrom");

    private static ObjectNode person(Line l) {
        return person(l.value(), l.params(), l.name().equals("ATTENDEE"));
    }

    /**
     * An organizer ({@code name}, {@code dir}, {@code sentBy}) or attendee (also {@code role}, {@code partstat},
     * {@code member}, {@code delegatedFrom}) as ts-ics gives it, addresses without {@code mailto:}; ts-ics has no
     * {@code rsvp}.
     */
    static ObjectNode person(String v, Map<String, String> params, boolean attendee) {
        ObjectNode p = Json.object();
        p.put("email", noMailto(v));
        Map<String, String> names = attendee ? ATTENDEE_PARAMS : ORGANIZER_PARAMS;
        params.forEach((k, val) -> {
            if (names.containsKey(k)) {
                String key = names.get(k);
                p.put(key, List.of("sentBy", "member", "delegatedFrom").contains(key) ? noMailto(val) : val);
            }
        });
        return p;
    }

    private static String noMailto(String v) {
        return v.regionMatches(true, 0, "mailto:", 0, 7) ? v.substring(7) : v;
    }

    static ObjectNode rule(String value, int itemIndex) {
        ObjectNode r = Json.object();
        for (String part : value.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0].toUpperCase(Locale.ROOT)) {
                case "FREQ" -> r.put("frequency", kv[1]);
                case "INTERVAL" -> r.put("interval", Integer.parseInt(kv[1]));
                case "COUNT" -> r.put("count", Integer.parseInt(kv[1]));
                case "UNTIL" -> r.set("until", date(kv[1], Map.of(), itemIndex));
                case "WKST" -> r.put("workweekStart", kv[1]);
                case "BYDAY" -> {
                    ArrayNode days = r.putArray("byDay");
                    for (String d : kv[1].split(",")) {
                        ObjectNode day = days.addObject();
                        String occurrence = d.substring(0, d.length() - 2);
                        day.put("day", d.substring(d.length() - 2));
                        if (!occurrence.isEmpty()) {
                            // ts-ics 1.2.2 (n8n 2.8.4) spells it so
                            day.put("occurence", Integer.parseInt(occurrence));
                        }
                    }
                }
                default -> {
                    String name =
                            switch (kv[0].toUpperCase(Locale.ROOT)) {
                                case "BYSECOND" -> "bySecond";
                                case "BYMINUTE" -> "byMinute";
                                case "BYHOUR" -> "byHour";
                                case "BYMONTHDAY" -> "byMonthday";
                                case "BYYEARDAY" -> "byYearday";
                                case "BYWEEKNO" -> "byWeekNo";
                                case "BYMONTH" -> "byMonth";
                                case "BYSETPOS" -> "bySetPos";
                                default -> null;
                            };
                    if (name != null) {
                        ArrayNode list = r.putArray(name);
                        for (String n : kv[1].split(",")) {
                            // ts-ics counts months from 0, as JavaScript's Date does
                            list.add(Integer.parseInt(n.strip()) - (name.equals("byMonth") ? 1 : 0));
                        }
                    }
                }
            }
        }
        return r;
    }

    /** {@code {date, type}}; a floating time is taken as UTC (n8n's process zone), a TZID adds {@code local}. */
    static ObjectNode date(String value, Map<String, String> params, int itemIndex) {
        ObjectNode d = Json.object();
        String v = value.strip();
        try {
            if ("DATE".equalsIgnoreCase(params.get("VALUE")) || v.length() == 8) {
                LocalDate day = LocalDate.parse(v, DateTimeFormatter.BASIC_ISO_DATE);
                d.put("date", iso(day.atStartOfDay()));
                d.put("type", "DATE");
                return d;
            }
            boolean utc = v.endsWith("Z");
            LocalDateTime local = LocalDateTime.parse(
                    utc ? v.substring(0, v.length() - 1) : v, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
            String tz = params.get("TZID");
            if (!utc && tz != null) {
                try {
                    ZoneId zone = ZoneId.of(tz);
                    var zoned = local.atZone(zone);
                    d.put("date", iso(zoned.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime()));
                    d.put("type", "DATE-TIME");
                    ObjectNode l = d.putObject("local");
                    l.put("date", iso(local));
                    l.put("timezone", tz);
                    l.put("tzoffset", zoned.getOffset().getId().replace(":", "").replace("Z", "+0000"));
                    return d;
                } catch (java.time.DateTimeException unknownZone) {
                    // an unknown TZID reads as a floating time
                }
            }
            d.put("date", iso(local));
            d.put("type", "DATE-TIME");
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw NodeException.user(
                    "The iCalendar date '" + value + "' is not valid [item " + itemIndex + "]", itemIndex);
        }
    }

    static String iso(LocalDateTime t) {
        return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")) + "Z";
    }

    /** Content lines with folded continuations joined, split into name, parameters and value. */
    private static List<Line> unfold(String text) {
        List<String> raw = new ArrayList<>();
        for (String line : text.split("\r\n|\n|\r")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && !raw.isEmpty()) {
                raw.set(raw.size() - 1, raw.getLast() + line.substring(1));
            } else if (!line.isEmpty()) {
                raw.add(line);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (String line : raw) {
            int colon = valueStart(line);
            if (colon < 0) {
                continue;
            }
            String[] head = line.substring(0, colon).split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            Map<String, String> params = new LinkedHashMap<>();
            for (int p = 1; p < head.length; p++) {
                String[] kv = head[p].split("=", 2);
                if (kv.length == 2) {
                    String val = kv[1];
                    params.put(
                            kv[0].toUpperCase(Locale.ROOT),
                            val.length() >= 2 && val.startsWith("\"") && val.endsWith("\"")
                                    ? val.substring(1, val.length() - 1)
                                    : val);
                }
            }
            lines.add(new Line(head[0].toUpperCase(Locale.ROOT), params, line.substring(colon + 1)));
        }
        return lines;
    }

    /** The colon that ends the name and parameters (colons inside quoted parameter values do not count). */
    private static int valueStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
