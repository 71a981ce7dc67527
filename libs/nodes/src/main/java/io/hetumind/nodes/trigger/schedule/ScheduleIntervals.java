package io.hetumind.nodes.trigger.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.nodes.internal.Js;

/**
 * Schedule Trigger 1.3's interval check, as n8n's {@code validateInterval}: before any rule is built, on activation
 * and in a manual run alike, each interval's step must lie in its field's range. Weeks and the "trigger at" fields are
 * not checked, months only from below; a value of another type is compared as JavaScript compares it (null is 0, text
 * its number, a value that is no number passes).
 */
final class ScheduleIntervals {

    private ScheduleIntervals() {}

    /** The first interval's problem, as n8n describes it, or null when all pass. */
    static Problem check(JsonNode intervals) {
        for (int i = 0; intervals != null && intervals.isArray() && i < intervals.size(); i++) {
            String problem = problem(intervals.get(i));
            if (problem != null) {
                return new Problem(i, problem);
            }
        }
        return null;
    }

    /** An interval that n8n refuses: its index and n8n's description ("Seconds must be in range 1-59"). */
    record Problem(int index, String description) {}

    private static String problem(JsonNode interval) {
        String field = interval.path("field").asText("days");
        return switch (field) {
            case "seconds" -> outside(interval, "secondsInterval", 30, 59) ? "Seconds must be in range 1-59" : null;
            case "minutes" -> outside(interval, "minutesInterval", 5, 59) ? "Minutes must be in range 1-59" : null;
            case "hours" -> outside(interval, "hoursInterval", 1, 23) ? "Hours must be in range 1-23" : null;
            case "days" -> outside(interval, "daysInterval", 1, 31) ? "Days must be in range 1-31" : null;
            case "months" -> number(interval, "monthsInterval", 1) < 1 ? "Months must be larger than 0" : null;
            default -> null;
        };
    }

    private static boolean outside(JsonNode interval, String key, double fallback, double max) {
        double v = number(interval, key, fallback);
        return v > max || v < 1;
    }

    /** JavaScript's relational view of the value: the node's default when absent, null as 0, NaN compares false. */
    private static double number(JsonNode interval, String key, double fallback) {
        JsonNode v = interval.get(key);
        if (v == null || v.isMissingNode()) {
            return fallback;
        }
        return v.isNull() ? 0 : Js.toNumber(v);
    }
}
