package io.hetumind.nodes.data.datetime;

import io.hetumind.nodes.data.datetime.DateToken.Kind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses text with a tokenized pattern. Strict mode (Luxon, moment strict) needs every literal and the
 * whole input; lenient mode (moment's default) finds each field in turn and skips anything between.
 */
final class DateParser {

    private DateParser() {}

    /** The parsed date in {@code zone} (missing fields default as moment does), or null when it does not parse. */
    static ZonedDateTime parse(String input, List<DateToken> tokens, ZoneId zone, ZonedDateTime now, boolean strict) {
        Map<Kind, String> values = new EnumMap<>(Kind.class);
        int pos = 0;
        for (DateToken tok : tokens) {
            if (tok.kind() == Kind.LITERAL) {
                String lit = tok.literal();
                if (input.regionMatches(true, pos, lit, 0, lit.length())) {
                    pos += lit.length();
                } else if (strict) {
                    return null;
                }
                continue;
            }
            Matcher m = Pattern.compile(regex(tok, strict)).matcher(input);
            m.region(pos, input.length());
            boolean ok = strict ? m.lookingAt() : m.find();
            if (!ok) {
                return null;
            }
            values.put(tok.kind(), m.group());
            pos = m.end();
        }
        if (strict && pos != input.length()) {
            return null;
        }
        try {
            return build(values, zone, now);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static String regex(DateToken tok, boolean strict) {
        String two = strict && tok.width() == 2 ? "\\d{2}" : "\\d{1,2}";
        return switch (tok.kind()) {
            case YEAR -> strict && tok.width() == 4 ? "\\d{4}" : "[+-]?\\d{1,6}";
            case YEAR2 -> "\\d{2}";
            case QUARTER -> "[1-4]";
            case MONTH, DAY, HOUR24, HOUR12, HOUR24_FROM1, MINUTE, SECOND, ISO_WEEK, LOCALE_WEEK -> two;
            case MONTH_SHORT, MONTH_LONG, MONTH_NARROW, WEEKDAY_MIN, WEEKDAY_SHORT, WEEKDAY_LONG, WEEKDAY_NARROW ->
                "[A-Za-z]+\\.?";
            case ZONE_ABBR, ZONE_LONG, ERA -> "[A-Za-z][A-Za-z ]*";
            case ZONE_SHORT_INTL -> "[A-Za-z]+(?:[+-]\\d{1,2}(?::\\d{2})?)?";
            case ZONE_ID -> "[A-Za-z][A-Za-z0-9_/+\\-]*";
            case DAY_ORDINAL -> "\\d{1,2}(?:st|nd|rd|th)?";
            case DAY_OF_YEAR -> "\\d{1,3}";
            case WEEKDAY_SUN0, WEEKDAY_ISO -> "\\d";
            case ISO_WEEK_YEAR, LOCALE_WEEK_YEAR -> "\\d{2,4}";
            case FRACTION -> strict ? "\\d{" + tok.width() + "}" : "\\d{1,9}";
            case MILLIS_UNPADDED -> "\\d{1,3}";
            case AMPM_UPPER, AMPM_LOWER -> "(?i)[ap]\\.?m?\\.?";
            case OFFSET_COLON, OFFSET_PLAIN -> "Z|[+-]\\d{2}(?::?\\d{2})?";
            case OFFSET_SHORT -> "Z|[+-]\\d{1,2}(?::\\d{2})?";
            case EPOCH_SECONDS -> "-?\\d+(?:\\.\\d+)?";
            case EPOCH_MILLIS -> "-?\\d+";
            case LITERAL -> Pattern.quote(tok.literal());
        };
    }

    private static ZonedDateTime build(Map<Kind, String> v, ZoneId zone, ZonedDateTime now) {
        if (v.containsKey(Kind.EPOCH_MILLIS)) {
            return Instant.ofEpochMilli(Long.parseLong(v.get(Kind.EPOCH_MILLIS)))
                    .atZone(zone);
        }
        if (v.containsKey(Kind.EPOCH_SECONDS)) {
            double s = Double.parseDouble(v.get(Kind.EPOCH_SECONDS));
            return Instant.ofEpochMilli(Math.round(s * 1000)).atZone(zone);
        }
        ZonedDateTime today = now.withZoneSameInstant(zone);
        Integer year = v.containsKey(Kind.YEAR) ? Integer.valueOf(v.get(Kind.YEAR)) : null;
        if (year == null && v.containsKey(Kind.YEAR2)) {
            int y2 = Integer.parseInt(v.get(Kind.YEAR2));
            year = y2 > 68 ? 1900 + y2 : 2000 + y2;
        }
        Integer month = month(v);
        Integer day = v.containsKey(Kind.DAY)
                ? Integer.valueOf(v.get(Kind.DAY))
                : v.containsKey(Kind.DAY_ORDINAL)
                        ? Integer.valueOf(v.get(Kind.DAY_ORDINAL).replaceAll("\\D", ""))
                        : null;
        LocalDate date;
        if (v.containsKey(Kind.DAY_OF_YEAR)) {
            date = LocalDate.ofYearDay(
                    year == null ? today.getYear() : year, Integer.parseInt(v.get(Kind.DAY_OF_YEAR)));
        } else if (year == null && month == null && day == null) {
            date = today.toLocalDate();
        } else {
            int y = year == null ? today.getYear() : year;
            int mo = month == null ? (year == null && day != null ? today.getMonthValue() : 1) : month;
            date = LocalDate.of(y, mo, day == null ? 1 : day);
        }
        int hour = v.containsKey(Kind.HOUR24) ? Integer.parseInt(v.get(Kind.HOUR24)) : 0;
        if (v.containsKey(Kind.HOUR24_FROM1)) {
            hour = Integer.parseInt(v.get(Kind.HOUR24_FROM1)) % 24;
        }
        String ampm = v.getOrDefault(Kind.AMPM_UPPER, v.get(Kind.AMPM_LOWER));
        if (v.containsKey(Kind.HOUR12)) {
            hour = Integer.parseInt(v.get(Kind.HOUR12)) % 12;
        }
        if (ampm != null && ampm.toLowerCase(Locale.ROOT).startsWith("p") && hour < 12) {
            hour += 12;
        }
        int minute = v.containsKey(Kind.MINUTE) ? Integer.parseInt(v.get(Kind.MINUTE)) : 0;
        int second = v.containsKey(Kind.SECOND) ? Integer.parseInt(v.get(Kind.SECOND)) : 0;
        int nanos = 0;
        if (v.containsKey(Kind.FRACTION)) {
            String f = (v.get(Kind.FRACTION) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(f);
        } else if (v.containsKey(Kind.MILLIS_UNPADDED)) {
            nanos = Integer.parseInt(v.get(Kind.MILLIS_UNPADDED)) * 1_000_000;
        }
        LocalDateTime local = date.atTime(hour, minute, second, nanos);
        String offset = v.getOrDefault(Kind.OFFSET_COLON, v.getOrDefault(Kind.OFFSET_PLAIN, v.get(Kind.OFFSET_SHORT)));
        if (offset != null) {
            return local.atOffset(offset(offset)).atZoneSameInstant(zone);
        }
        ZoneId z = v.containsKey(Kind.ZONE_ID) ? ZoneId.of(v.get(Kind.ZONE_ID)) : zone;
        return ZonedDateTime.ofLocal(local, z, null).withZoneSameInstant(zone);
    }

    private static Integer month(Map<Kind, String> v) {
        if (v.containsKey(Kind.MONTH)) {
            return Integer.valueOf(v.get(Kind.MONTH));
        }
        for (Kind k : List.of(Kind.MONTH_SHORT, Kind.MONTH_LONG, Kind.MONTH_NARROW)) {
            String name = v.get(k);
            if (name != null) {
                String n = name.replace(".", "").toLowerCase(Locale.ROOT);
                for (Month m : Month.values()) {
                    String full =
                            m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
                    if (n.length() >= 3 && full.startsWith(n)) {
                        return m.getValue();
                    }
                }
                throw new DateTimeException("unknown month " + name);
            }
        }
        return null;
    }

    static ZoneOffset offset(String text) {
        if (text.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String t = text.replace(":", "");
        int sign = t.charAt(0) == '-' ? -1 : 1;
        String digits = t.substring(1);
        int h;
        int m = 0;
        if (digits.length() <= 2) {
            h = Integer.parseInt(digits);
        } else {
            h = Integer.parseInt(digits.substring(0, digits.length() - 2));
            m = Integer.parseInt(digits.substring(digits.length() - 2));
        }
        return ZoneOffset.ofHoursMinutes(sign * h, sign * m);
    }
}
