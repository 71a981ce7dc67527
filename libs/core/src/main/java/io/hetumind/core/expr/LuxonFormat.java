package io.hetumind.core.expr;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** Luxon's {@code toFormat} tokens and ISO output, rendered in English like Luxon's default. */
final class LuxonFormat {

    private static final Locale EN = Locale.US;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private LuxonFormat() {}

    /** {@code toISO()}: {@code Z} only for fixed zero-offset zones, as Luxon does. */
    static String iso(ZonedDateTime value) {
        return DATE.format(value) + "T" + TIME.format(value) + offset(value);
    }

    static String isoDate(ZonedDateTime value) {
        return DATE.format(value);
    }

    static String isoTime(ZonedDateTime value) {
        return TIME.format(value) + offset(value);
    }

    static String offset(ZonedDateTime value) {
        int seconds = value.getOffset().getTotalSeconds();
        if (seconds == 0 && value.getZone().getRules().isFixedOffset()) {
            return "Z";
        }
        return offsetText(seconds, true);
    }

    static String offsetText(int totalSeconds, boolean colon) {
        int minutes = Math.abs(totalSeconds) / 60;
        return (totalSeconds < 0 ? "-" : "+") + pad(minutes / 60, 2) + (colon ? ":" : "") + pad(minutes % 60, 2);
    }

    /** Renders a Luxon format string; text in single quotes is literal. */
    static String format(ZonedDateTime value, String pattern) {
        var out = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = pattern.indexOf('\'', i + 1);
                if (end < 0) {
                    end = n;
                }
                out.append(pattern, i + 1, end);
                i = end + 1;
                continue;
            }
            int j = i;
            while (j < n && pattern.charAt(j) == c) {
                j++;
            }
            String token = pattern.substring(i, j);
            String rendered = Character.isLetter(c) ? token(value, token) : null;
            out.append(rendered == null ? token : rendered);
            i = j;
        }
        return out.toString();
    }

    private static String token(ZonedDateTime v, String t) {
        return switch (t) {
            case "S" -> Integer.toString(v.get(ChronoField.MILLI_OF_SECOND));
            case "SSS" -> pad(v.get(ChronoField.MILLI_OF_SECOND), 3);
            case "u" -> pad(v.get(ChronoField.MILLI_OF_SECOND), 3);
            case "s" -> Integer.toString(v.getSecond());
            case "ss" -> pad(v.getSecond(), 2);
            case "m" -> Integer.toString(v.getMinute());
            case "mm" -> pad(v.getMinute(), 2);
            case "h" -> Integer.toString(hour12(v));
            case "hh" -> pad(hour12(v), 2);
            case "H" -> Integer.toString(v.getHour());
            case "HH" -> pad(v.getHour(), 2);
            case "Z" -> narrowOffset(v.getOffset().getTotalSeconds());
            case "ZZ" -> offsetText(v.getOffset().getTotalSeconds(), true);
            case "ZZZ" -> offsetText(v.getOffset().getTotalSeconds(), false);
            case "ZZZZ" -> DateTimeFormatter.ofPattern("zzz", EN).format(v);
            case "ZZZZZ" -> DateTimeFormatter.ofPattern("zzzz", EN).format(v);
            case "z" -> v.getZone().getId();
            case "a" -> v.getHour() < 12 ? "AM" : "PM";
            case "d" -> Integer.toString(v.getDayOfMonth());
            case "dd" -> pad(v.getDayOfMonth(), 2);
            case "c", "E" -> Integer.toString(v.getDayOfWeek().getValue());
            case "ccc", "EEE" -> v.getDayOfWeek().getDisplayName(TextStyle.SHORT, EN);
            case "cccc", "EEEE" -> v.getDayOfWeek().getDisplayName(TextStyle.FULL, EN);
            case "ccccc", "EEEEE" -> v.getDayOfWeek().getDisplayName(TextStyle.NARROW, EN);
            case "L", "M" -> Integer.toString(v.getMonthValue());
            case "LL", "MM" -> pad(v.getMonthValue(), 2);
            case "LLL", "MMM" -> v.getMonth().getDisplayName(TextStyle.SHORT, EN);
            case "LLLL", "MMMM" -> v.getMonth().getDisplayName(TextStyle.FULL, EN);
            case "LLLLL", "MMMMM" -> v.getMonth().getDisplayName(TextStyle.NARROW, EN);
            case "y" -> Integer.toString(v.getYear());
            case "yy" -> pad(Math.floorMod(v.getYear(), 100), 2);
            case "yyyy" -> pad(v.getYear(), 4);
            case "yyyyyy" -> pad(v.getYear(), 6);
            case "G" -> v.getYear() > 0 ? "AD" : "BC";
            case "GG" -> v.getYear() > 0 ? "Anno Domini" : "Before Christ";
            case "kk" -> pad(Math.floorMod(v.get(IsoFields.WEEK_BASED_YEAR), 100), 2);
            case "kkkk" -> pad(v.get(IsoFields.WEEK_BASED_YEAR), 4);
            case "W" -> Integer.toString(v.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "WW" -> pad(v.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
            case "o" -> Integer.toString(v.getDayOfYear());
            case "ooo" -> pad(v.getDayOfYear(), 3);
            case "q" -> Integer.toString(v.get(IsoFields.QUARTER_OF_YEAR));
            case "qq" -> pad(v.get(IsoFields.QUARTER_OF_YEAR), 2);
            case "X" -> Long.toString(v.toEpochSecond());
            case "x" -> Long.toString(v.toInstant().toEpochMilli());
            case "D" -> format(v, "M/d/yyyy");
            case "DD" -> format(v, "MMM d, yyyy");
            case "DDD" -> format(v, "MMMM d, yyyy");
            case "DDDD" -> format(v, "EEEE, MMMM d, yyyy");
            case "t" -> format(v, "h:mm a");
            case "tt" -> format(v, "h:mm:ss a");
            case "T" -> format(v, "HH:mm");
            case "TT" -> format(v, "HH:mm:ss");
            case "f" -> format(v, "M/d/yyyy, h:mm a");
            case "ff" -> format(v, "MMM d, yyyy, h:mm a");
            case "fff" -> format(v, "MMMM d, yyyy 'at' h:mm a ZZZZ");
            case "F" -> format(v, "M/d/yyyy, h:mm:ss a");
            case "FF" -> format(v, "MMM d, yyyy, h:mm:ss a");
            case "FFF" -> format(v, "MMMM d, yyyy 'at' h:mm:ss a ZZZZ");
            default -> null;
        };
    }

    /** Luxon's locale presets ({@code DateTime.DATE_MED} …) as format strings. */
    static String preset(String name) {
        return switch (name) {
            case "DATE_SHORT" -> "D";
            case "DATE_MED" -> "DD";
            case "DATE_MED_WITH_WEEKDAY" -> "EEE, MMM d, yyyy";
            case "DATE_FULL" -> "DDD";
            case "DATE_HUGE" -> "DDDD";
            case "TIME_SIMPLE" -> "t";
            case "TIME_WITH_SECONDS" -> "tt";
            case "TIME_24_SIMPLE" -> "T";
            case "TIME_24_WITH_SECONDS" -> "TT";
            case "DATETIME_SHORT" -> "f";
            case "DATETIME_MED" -> "ff";
            case "DATETIME_FULL" -> "fff";
            case "DATETIME_SHORT_WITH_SECONDS" -> "F";
            case "DATETIME_MED_WITH_SECONDS" -> "FF";
            case "DATETIME_FULL_WITH_SECONDS" -> "FFF";
            default -> "D";
        };
    }

    static final String[] PRESETS = {
        "DATE_SHORT",
        "DATE_MED",
        "DATE_MED_WITH_WEEKDAY",
        "DATE_FULL",
        "DATE_HUGE",
        "TIME_SIMPLE",
        "TIME_WITH_SECONDS",
        "TIME_24_SIMPLE",
        "TIME_24_WITH_SECONDS",
        "DATETIME_SHORT",
        "DATETIME_MED",
        "DATETIME_FULL",
        "DATETIME_SHORT_WITH_SECONDS",
        "DATETIME_MED_WITH_SECONDS",
        "DATETIME_FULL_WITH_SECONDS"
    };

    private static int hour12(ZonedDateTime v) {
        int h = v.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String narrowOffset(int totalSeconds) {
        int minutes = Math.abs(totalSeconds) / 60;
        String sign = totalSeconds < 0 ? "-" : "+";
        return minutes % 60 == 0 ? sign + minutes / 60 : sign + minutes / 60 + ":" + pad(minutes % 60, 2);
    }

    static String pad(long value, int width) {
        String digits = Long.toString(Math.abs(value));
        String padded = digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
        return value < 0 ? "-" + padded : padded;
    }
}
