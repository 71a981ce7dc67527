package io.hetumind.nodes.data.datetime;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.WeekFields;
import java.util.List;
import java.util.Locale;

/** Renders a tokenized moment or Luxon pattern for a zoned date-time (English names). */
final class DateFormatter {

    /** moment's English locale: weeks start on Sunday, the week holding January 1st is week 1. */
    static final WeekFields LOCALE_WEEKS = WeekFields.of(java.time.DayOfWeek.SUNDAY, 1);

    private DateFormatter() {}

    static String format(ZonedDateTime t, List<DateToken> tokens) {
        StringBuilder sb = new StringBuilder();
        for (DateToken tok : tokens) {
            sb.append(render(t, tok));
        }
        return sb.toString();
    }

    private static String render(ZonedDateTime t, DateToken tok) {
        int w = tok.width();
        return switch (tok.kind()) {
            case LITERAL -> tok.literal();
            case YEAR -> year(t.getYear(), w);
            case YEAR2 -> pad(Math.floorMod(t.getYear(), 100), 2);
            case QUARTER -> pad(t.get(IsoFields.QUARTER_OF_YEAR), w);
            case MONTH -> pad(t.getMonthValue(), w);
            case MONTH_SHORT -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case MONTH_LONG -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case MONTH_NARROW -> t.getMonth().getDisplayName(TextStyle.NARROW, Locale.ENGLISH);
            case DAY -> pad(t.getDayOfMonth(), w);
            case DAY_ORDINAL -> t.getDayOfMonth() + ordinal(t.getDayOfMonth());
            case DAY_OF_YEAR -> pad(t.getDayOfYear(), w);
            case WEEKDAY_SUN0 -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case WEEKDAY_ISO -> Integer.toString(t.getDayOfWeek().getValue());
            case WEEKDAY_MIN ->
                t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).substring(0, 2);
            case WEEKDAY_SHORT -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case WEEKDAY_LONG -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case WEEKDAY_NARROW -> t.getDayOfWeek().getDisplayName(TextStyle.NARROW, Locale.ENGLISH);
            case ISO_WEEK -> pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), w);
            case ISO_WEEK_YEAR -> weekYear(t.get(IsoFields.WEEK_BASED_YEAR), w);
            case LOCALE_WEEK -> pad(t.get(LOCALE_WEEKS.weekOfWeekBasedYear()), w);
            case LOCALE_WEEK_YEAR -> weekYear(t.get(LOCALE_WEEKS.weekBasedYear()), w);
            case HOUR24 -> pad(t.getHour(), w);
            case HOUR12 -> pad(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, w);
            case HOUR24_FROM1 -> pad(t.getHour() == 0 ? 24 : t.getHour(), w);
            case MINUTE -> pad(t.getMinute(), w);
            case SECOND -> pad(t.getSecond(), w);
            case FRACTION -> pad(t.getNano(), 9).substring(0, Math.min(w, 9)) + "0".repeat(Math.max(0, w - 9));
            case MILLIS_UNPADDED -> Integer.toString(t.get(ChronoField.MILLI_OF_SECOND));
            case AMPM_UPPER -> t.getHour() < 12 ? "AM" : "PM";
            case AMPM_LOWER -> t.getHour() < 12 ? "am" : "pm";
            case OFFSET_COLON -> offset(t.getOffset().getTotalSeconds(), true, false);
            case OFFSET_PLAIN -> offset(t.getOffset().getTotalSeconds(), false, false);
            case OFFSET_SHORT -> offset(t.getOffset().getTotalSeconds(), true, true);
            case ZONE_ABBR -> zoneAbbr(t);
            case ZONE_SHORT_INTL -> intlShortName(t);
            case ZONE_LONG ->
                java.time.format.DateTimeFormatter.ofPattern("zzzz", Locale.ENGLISH)
                        .format(t);
            case ZONE_ID -> t.getZone().getId();
            case EPOCH_SECONDS -> Long.toString(Math.floorDiv(t.toInstant().toEpochMilli(), 1000));
            case EPOCH_MILLIS -> Long.toString(t.toInstant().toEpochMilli());
            case ERA -> w >= 4 ? (t.getYear() > 0 ? "Anno Domini" : "Before Christ") : (t.getYear() > 0 ? "AD" : "BC");
        };
    }

    /** North American metazones, the only ones en-US (CLDR) gives a short name other than "GMT±h". */
    private static final java.util.Set<String> EN_US_SHORT =
            java.util.Set.of("EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST", "HDT");

    /**
     * What Luxon's {@code ZZZZ} prints: Intl's en-US short zone name. UTC zones are "UTC", North American zones
     * keep their abbreviation, and every other zone is its offset written "GMT+5:30" ("GMT" at offset zero).
     */
    static String intlShortName(ZonedDateTime t) {
        String id = t.getZone().getId();
        if (id.equals("Z")
                || id.equals("UTC")
                || id.equals("Etc/UTC")
                || id.equals("Etc/UCT")
                || id.equals("UCT")
                || id.equals("Etc/Universal")
                || id.equals("Universal")
                || id.equals("Etc/Zulu")
                || id.equals("Zulu")) {
            return "UTC";
        }
        String abbr = zoneAbbr(t);
        if (EN_US_SHORT.contains(abbr)) {
            return abbr;
        }
        int total = t.getOffset().getTotalSeconds();
        if (total == 0) {
            return "GMT";
        }
        int abs = Math.abs(total);
        int minutes = abs / 60 % 60;
        return "GMT" + (total < 0 ? "-" : "+") + abs / 3600 + (minutes == 0 ? "" : ":" + pad(minutes, 2));
    }

    private static String zoneAbbr(ZonedDateTime t) {
        return java.time.format.DateTimeFormatter.ofPattern("z", Locale.ENGLISH).format(t);
    }

    static String pad(long v, int width) {
        String s = Long.toString(Math.abs(v));
        if (s.length() < width) {
            s = "0".repeat(width - s.length()) + s;
        }
        return v < 0 ? "-" + s : s;
    }

    private static String year(int y, int width) {
        if (width >= 6) {
            return (y < 0 ? "-" : "+") + pad(Math.abs(y), 6);
        }
        return pad(y, width);
    }

    private static String weekYear(int y, int width) {
        return width == 2 ? pad(Math.floorMod(y, 100), 2) : pad(y, width);
    }

    static String offset(int seconds, boolean colon, boolean shortForm) {
        int abs = Math.abs(seconds);
        String sign = seconds < 0 ? "-" : "+";
        int h = abs / 3600;
        int m = abs % 3600 / 60;
        if (shortForm) {
            return sign + h + (m == 0 ? "" : ":" + pad(m, 2));
        }
        return sign + pad(h, 2) + (colon ? ":" : "") + pad(m, 2);
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        if (mod100 >= 11 && mod100 <= 13) {
            return "th";
        }
        return switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }
}
