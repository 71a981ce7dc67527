package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** Lenient date parsing as n8n does it: ISO 8601, SQL, RFC 2822/HTTP dates and epoch milliseconds. */
public final class Dates {

    private static final DateTimeFormatter LOCAL_DT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final List<DateTimeFormatter> ZONED = List.of(
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(LOCAL_DT)
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .appendOffset("+HH:MM", "Z")
                    .toFormatter(Locale.ROOT),
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(LOCAL_DT)
                    .appendOffset("+HHMM", "Z")
                    .toFormatter(Locale.ROOT),
            DateTimeFormatter.RFC_1123_DATE_TIME);

    private Dates() {}

    /** Parses {@code value} (text or epoch ms); naive values are read in {@code zone}; null if unparseable. */
    public static ZonedDateTime parse(JsonNode value, ZoneId zone) {
        if (Js.isNullish(value)) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.longValue()).atZone(zone);
        }
        if (!value.isTextual()) {
            return null;
        }
        return parse(value.textValue(), zone);
    }

    /** Parses text; null when it is no date n8n would accept. */
    public static ZonedDateTime parse(String text, ZoneId zone) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.matches("-?\\d{10,}")) {
            return Instant.ofEpochMilli(Long.parseLong(t)).atZone(zone);
        }
        try {
            return ZonedDateTime.parse(t, DateTimeFormatter.ISO_ZONED_DATE_TIME).withZoneSameInstant(zone);
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        for (DateTimeFormatter f : ZONED) {
            try {
                return OffsetDateTime.parse(t, f).atZoneSameInstant(zone);
            } catch (DateTimeParseException ignored) {
                // try the next shape
            }
        }
        try {
            return LocalDateTime.parse(t, LOCAL_DT).atZone(zone);
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone);
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        return null;
    }
}
