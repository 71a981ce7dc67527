package io.hetumind.core.expr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the date-time strings Luxon accepts (ISO, SQL, RFC 2822/HTTP and custom formats). */
final class DateTimeParsing {

    private static final Pattern ISO = Pattern.compile("([+-]?\\d{4,6})(?:-(\\d{2})(?:-(\\d{2}))?)?"
            + "(?:[T ](\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,](\\d{1,9}))?)?)?)?"
            + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?(?:\\[([^\\]]+)])?");

    private DateTimeParsing() {}

    /** A parsed wall time plus the offset the text named, if any. */
    record Parsed(LocalDateTime local, ZoneOffset offset, ZoneId namedZone) {}

    /** ISO 8601 (and SQL, which is ISO with a space); null when the text is not one. */
    static Parsed iso(String text) {
        Matcher m = ISO.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
            LocalDateTime local = hour == 24 && minute == 0 && second == 0 && nanos == 0
                    ? LocalDate.of(year, month, day).plusDays(1).atStartOfDay()
                    : LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            ZoneOffset offset = m.group(8) == null ? null : offset(m.group(8));
            ZoneId named = m.group(9) == null ? null : ZoneId.of(m.group(9));
            return new Parsed(local, offset, named);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String text) {
        if (text.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = text.replace(":", "");
        return digits.length() == 3
                ? ZoneOffset.ofHours(Integer.parseInt(digits))
                : ZoneOffset.ofHoursMinutes(
                        Integer.parseInt(digits.substring(0, 3)),
                        Integer.parseInt(digits.charAt(0) + digits.substring(3)));
    }

    /** RFC 2822 / HTTP dates such as {@code Tue, 3 Jun 2008 11:05:30 GMT}; null if not one. */
    static ZonedDateTime rfc(String text) {
        try {
            return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * Parses with a Luxon format ({@code dd/MM/yyyy HH:mm}); fields the format lacks default to
     * today's date and midnight, as in Luxon. Null when the text does not match.
     */
    static ZonedDateTime format(String text, String luxonFormat, ZoneId zone, ZonedDateTime now) {
        var builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        boolean hasHour = false;
        boolean hasOffset = false;
        int i = 0;
        int n = luxonFormat.length();
        while (i < n) {
            char c = luxonFormat.charAt(i);
            if (c == '\'') {
                int end = luxonFormat.indexOf('\'', i + 1);
                end = end < 0 ? n : end;
                builder.appendLiteral(luxonFormat.substring(i + 1, end));
                i = end + 1;
                continue;
            }
            int j = i;
            while (j < n && luxonFormat.charAt(j) == c) {
                j++;
            }
            String token = luxonFormat.substring(i, j);
            String java = javaPattern(token);
            if (java == null) {
                if (Character.isLetter(c)) {
                    throw new IllegalArgumentException("unsupported format token '" + token + "'");
                }
                builder.appendLiteral(token);
            } else {
                builder.appendPattern(java);
            }
            hasHour |= c == 'H' || c == 'h';
            hasOffset |= c == 'Z';
            i = j;
        }
        builder.parseDefaulting(ChronoField.YEAR, now.getYear());
        if (!luxonFormat.contains("M") && !luxonFormat.contains("L")) {
            builder.parseDefaulting(ChronoField.MONTH_OF_YEAR, now.getMonthValue());
        }
        if (!luxonFormat.contains("d")) {
            builder.parseDefaulting(ChronoField.DAY_OF_MONTH, now.getDayOfMonth());
        }
        if (!hasHour) {
            builder.parseDefaulting(ChronoField.HOUR_OF_DAY, 0);
        }
        try {
            DateTimeFormatter formatter = builder.toFormatter(Locale.US);
            TemporalAccessor parsed = formatter.parse(text.strip());
            LocalDate date = LocalDate.from(parsed);
            LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
            if (hasOffset && parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return ZonedDateTime.of(date, time, ZoneOffset.from(parsed)).withZoneSameInstant(zone);
            }
            return ZonedDateTime.of(date, time, zone);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String javaPattern(String token) {
        return switch (token) {
            case "yyyy", "y" -> "uuuu";
            case "yy" -> "uu";
            case "M", "L" -> "M";
            case "MM", "LL" -> "MM";
            case "MMM", "LLL" -> "MMM";
            case "MMMM", "LLLL" -> "MMMM";
            case "d" -> "d";
            case "dd" -> "dd";
            case "H" -> "H";
            case "HH" -> "HH";
            case "h" -> "h";
            case "hh" -> "hh";
            case "m" -> "m";
            case "mm" -> "mm";
            case "s" -> "s";
            case "ss" -> "ss";
            case "S", "SSS" -> "SSS";
            case "a" -> "a";
            case "EEE", "ccc" -> "EEE";
            case "EEEE", "cccc" -> "EEEE";
            case "Z", "ZZ" -> "XXX";
            case "ZZZ" -> "XX";
            case "z" -> "VV";
            default -> null;
        };
    }
}
