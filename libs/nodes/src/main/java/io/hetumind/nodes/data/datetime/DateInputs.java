package io.hetumind.nodes.data.datetime;

import io.hetumind.nodes.internal.Dates;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Pattern;

/** Reads date text without a format the way moment and n8n's Luxon helpers do: ISO 8601, RFC 2822, then JS-Date-like shapes. */
public final class DateInputs {

    private static final Pattern HAS_OFFSET = Pattern.compile(".*(Z|[+-]\\d{2}:?\\d{2}|GMT|UTC)$");
    private static final List<List<DateToken>> LOOSE = List.of(
                    "M/D/YYYY",
                    "M/D/YYYY H:mm",
                    "M/D/YYYY H:mm:ss",
                    "M/D/YYYY h:mm A",
                    "M/D/YYYY h:mm:ss A",
                    "YYYY/M/D",
                    "YYYY/M/D H:mm",
                    "YYYY/M/D H:mm:ss",
                    "MMMM D, YYYY",
                    "MMMM D, YYYY h:mm A",
                    "MMMM D, YYYY h:mm:ss A",
                    "MMMM D, YYYY H:mm",
                    "MMMM D, YYYY H:mm:ss",
                    "MMMM D YYYY",
                    "MMMM D YYYY H:mm:ss",
                    "D MMMM YYYY",
                    "D MMMM YYYY H:mm",
                    "D MMMM YYYY H:mm:ss",
                    "ddd MMM D YYYY",
                    "ddd MMM D YYYY H:mm:ss",
                    "ddd MMM D YYYY H:mm:ss [GMT]ZZ",
                    "ddd, D MMM YYYY H:mm:ss")
            .stream()
            .map(MomentPattern::tokenize)
            .toList();

    private DateInputs() {}

    /** ISO or RFC text; naive values read in {@code zone}; null when it is neither. */
    static ZonedDateTime iso(String text, ZoneId zone) {
        String t = text.strip();
        if (t.matches("-?\\d+")) {
            return null;
        }
        return Dates.parse(t, zone);
    }

    /** JS {@code new Date(text)} shapes ({@code 08/01/2022}, {@code April 11, 2023 2:30 PM} …) as wall time in {@code zone}. */
    static ZonedDateTime loose(String text, ZoneId zone, ZonedDateTime now) {
        String t = text.strip().replaceAll("\\s*\\([^)]*\\)$", "");
        for (List<DateToken> tokens : LOOSE) {
            ZonedDateTime d = DateParser.parse(t, tokens, zone, now, true);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** An ISO date without a time ({@code 2022-08-10}, {@code 2022-08}, {@code 2022}), which JavaScript reads as UTC. */
    private static final Pattern ISO_DATE_ONLY = Pattern.compile("[+-]?\\d{4,6}(-\\d{2}(-\\d{2})?)?");

    /**
     * JavaScript's {@code new Date(text)} in a process whose local zone is {@code zone}, shown in that zone: an ISO
     * date alone is UTC midnight, an ISO date and time without an offset and the other shapes it reads ({@code
     * 08/01/2022}, {@code April 11, 2023 2:30 PM} …) are local wall times, an offset is kept; null when unreadable.
     */
    public static ZonedDateTime jsDate(String text, ZoneId zone, ZonedDateTime now) {
        String t = text.strip();
        ZonedDateTime d = iso(t, ISO_DATE_ONLY.matcher(t).matches() ? ZoneOffset.UTC : zone);
        if (d == null) {
            d = loose(t, zone, now);
        }
        return d == null ? null : d.withZoneSameInstant(zone);
    }

    /** moment(text): ISO/RFC first, then JS-Date shapes in the local ({@code zone}) time. */
    static ZonedDateTime momentLocal(String text, ZoneId zone, ZonedDateTime now) {
        ZonedDateTime d = iso(text, zone);
        return d != null ? d : loose(text, zone, now);
    }

    /**
     * moment.tz(text, zone): ISO/RFC wall times are read in {@code zone}; moment's JS-Date fallback parses
     * with " UTC" appended, so those shapes are read as UTC.
     */
    static ZonedDateTime momentTz(String text, ZoneId zone, ZonedDateTime now) {
        ZonedDateTime d = iso(text, zone);
        if (d != null) {
            return d;
        }
        boolean explicit = HAS_OFFSET.matcher(text.strip()).matches();
        d = loose(text, explicit ? zone : ZoneOffset.UTC, now);
        return d == null ? null : d.withZoneSameInstant(zone);
    }
}
