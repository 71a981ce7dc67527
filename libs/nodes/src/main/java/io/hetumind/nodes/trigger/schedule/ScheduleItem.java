package io.hetumind.nodes.trigger.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** The item n8n's Schedule Trigger emits for a fire time (moment.js formats, English). */
final class ScheduleItem {

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm:ss", Locale.ROOT);

    private ScheduleItem() {}

    static ObjectNode of(ZonedDateTime t) {
        String month = t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        String ampm = t.getHour() < 12 ? "am" : "pm";
        String time = TIME.format(t) + " " + ampm;
        ObjectNode json = Json.object();
        json.put("timestamp", ISO.format(t));
        json.put("Readable date", month + " " + ordinal(t.getDayOfMonth()) + " " + t.getYear() + ", " + time);
        json.put("Readable time", time);
        json.put("Day of week", t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        json.put("Year", String.valueOf(t.getYear()));
        json.put("Month", month);
        json.put("Day of month", two(t.getDayOfMonth()));
        json.put("Hour", two(t.getHour()));
        json.put("Minute", two(t.getMinute()));
        json.put("Second", two(t.getSecond()));
        json.put(
                "Timezone",
                t.getZone().getId() + " (UTC" + t.getOffset().getId().replace("Z", "+00:00") + ")");
        return json;
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13
                ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
