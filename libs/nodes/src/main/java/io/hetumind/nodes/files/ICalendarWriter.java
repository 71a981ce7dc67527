package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.NodeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One event as the {@code ics} package n8n's "Convert to iCal" uses writes it: times taken as UTC wall times (a
 * time with an offset is first moved to UTC, n8n's process zone), all-day events as dates with the end one day on,
 * text escaped, lines folded at 75 characters, CRLF line ends.
 */
final class ICalendarWriter {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private ICalendarWriter() {}

    /** The event's fields, as the node read them. */
    record Event(
            String title, String start, String end, boolean allDay, JsonNode additional, Instant now, int itemIndex) {}

    static String write(Event e) {
        LocalDateTime start = parse("start", e.start(), e.itemIndex());
        LocalDateTime end = parse("end", e.end(), e.itemIndex());
        if (e.allDay()) {
            end = end.plusDays(1);
        }
        JsonNode a = e.additional();
        List<String> out = new ArrayList<>();
        out.add("BEGIN:VCALENDAR");
        out.add("VERSION:2.0");
        out.add("CALSCALE:GREGORIAN");
        out.add("PRODID:adamgibbons/ics");
        out.add("METHOD:PUBLISH");
        text(a, "calName").ifPresent(v -> out.add("X-WR-CALNAME:" + newLines(v)));
        out.add("X-PUBLISHED-TTL:PT1H");
        out.add("BEGIN:VEVENT");
        out.add("UID:" + newLines(text(a, "uid").orElse(UUID.randomUUID().toString())));
        if (!e.title().isEmpty()) {
            out.add("SUMMARY:" + escape(e.title()));
        }
        out.add("DTSTAMP:" + DATE_TIME.format(e.now().atOffset(ZoneOffset.UTC)));
        out.add("DTSTART" + (e.allDay() ? ";VALUE=DATE:" + DATE.format(start) : ":" + DATE_TIME.format(start)));
        // an all-day event ending on its start day has no DTEND
        if (!(e.allDay() && start.toLocalDate().equals(end.toLocalDate()))) {
            out.add("DTEND" + (e.allDay() ? ";VALUE=DATE:" + DATE.format(end) : ":" + DATE_TIME.format(end)));
        }
        text(a, "description").ifPresent(v -> out.add("DESCRIPTION:" + escape(v)));
        text(a, "location").ifPresent(v -> out.add("LOCATION:" + escape(v)));
        text(a, "status").ifPresent(v -> out.add("STATUS:" + newLines(v)));
        text(a, "url").ifPresent(v -> out.add("URL:" + newLines(v)));
        JsonNode geo = a.path("geolocationUi").path("geolocationValues");
        if (geo.isObject()) {
            out.add("GEO:" + geo.path("lat").asText("") + ";" + geo.path("lon").asText(""));
        }
        JsonNode organizer = a.path("organizerUi").path("organizerValues");
        if (organizer.isObject()) {
            String email = organizer.path("email").asText("");
            out.add("ORGANIZER;CN=\"" + organizer.path("name").asText("") + "\""
                    + (email.isEmpty() ? "" : ":mailto:" + email));
        }
        text(a, "recurrenceRule").ifPresent(v -> out.add("RRULE:" + newLines(v)));
        double sequence = a.path("sequence").asDouble(0);
        if (sequence != 0) {
            out.add("SEQUENCE:" + io.hetumind.nodes.internal.Js.numberToString(sequence));
        }
        text(a, "busyStatus").ifPresent(v -> out.add("X-MICROSOFT-CDO-BUSYSTATUS:" + newLines(v)));
        JsonNode attendees = a.path("attendeesUi").path("attendeeValues");
        if (attendees.isObject()) {
            attendees = io.hetumind.core.spi.Json.array().add(attendees);
        }
        for (JsonNode att : attendees) {
            String name = att.path("name").asText("");
            String email = att.path("email").asText("");
            out.add("ATTENDEE;"
                    + newLines((att.path("rsvp").asBoolean(false) ? "RSVP=TRUE;" : "RSVP=FALSE;") + "CN=\""
                            + (name.isEmpty() ? "Unnamed attendee" : name) + "\""
                            + (email.isEmpty() ? "" : ":mailto:" + email)));
        }
        out.add("END:VEVENT");
        out.add("END:VCALENDAR");
        StringBuilder b = new StringBuilder();
        out.forEach(line -> b.append(fold(line)).append("\r\n"));
        return b.toString();
    }

    private static java.util.Optional<String> text(JsonNode a, String key) {
        JsonNode v = a.get(key);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return java.util.Optional.empty();
        }
        String s = v.asText();
        return s.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(s);
    }

    /** moment's reading of a date string in a UTC process: an offset moves the time to UTC, none keeps it. */
    static LocalDateTime parse(String name, String value, int itemIndex) {
        String v = value == null ? "" : value.strip();
        try {
            if (v.matches("-?\\d{10,}")) {
                return LocalDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(v)), ZoneOffset.UTC);
            }
            String t = v.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) (\\d)", "$1T$2");
            if (t.matches(".*(Z|[+-]\\d{2}:?\\d{2})$") && t.contains("T")) {
                String normalized = t.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
                return OffsetDateTime.parse(normalized)
                        .withOffsetSameInstant(ZoneOffset.UTC)
                        .toLocalDateTime();
            }
            if (t.contains("[")) {
                return ZonedDateTime.parse(t)
                        .withZoneSameInstant(ZoneOffset.UTC)
                        .toLocalDateTime();
            }
            if (t.contains("T")) {
                return LocalDateTime.parse(t);
            }
            return LocalDate.parse(t).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw NodeException.user(
                    "Invalid date in '" + name + "': \"" + v + "\" is not an ISO 8601 date or time [item " + itemIndex
                            + "]",
                    itemIndex);
        }
    }

    private static String newLines(String s) {
        return s.replaceAll("\r?\n", "\\\\n");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\")
                .replaceAll("\r?\n", "\\\\n")
                .replace(";", "\\;")
                .replace(",", "\\,");
    }

    private static String fold(String line) {
        if (line.length() <= 75) {
            return line;
        }
        StringBuilder b = new StringBuilder();
        int length = 75;
        String rest = line;
        while (rest.length() > length) {
            b.append(rest, 0, length).append("\r\n\t");
            rest = rest.substring(length);
            length = 74;
        }
        return b.append(rest).toString();
    }
}
