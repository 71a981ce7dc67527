package io.hetumind.nodes.trigger.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.trigger.ScheduleRule;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * n8n Schedule Trigger v1.x rules ({@code rule.interval[]}) as cron-backed rules, the way n8n
 * turns them into cron: second 0 (n8n picks a random second), minute/hour/day from the
 * {@code triggerAt…} fields, the interval as a cron step.
 */
final class ScheduleRules {

    private ScheduleRules() {}

    static List<ScheduleRule> of(TriggerParams params) {
        JsonNode intervals = params.tree("rule.interval");
        List<ScheduleRule> rules = new ArrayList<>();
        if (intervals == null || !intervals.isArray() || intervals.isEmpty()) {
            rules.add(CronExpression.parse("0 0 0 * * *"));
            return rules;
        }
        for (int i = 0; i < intervals.size(); i++) {
            rules.add(rule(params, "rule.interval." + i));
        }
        return rules;
    }

    static ScheduleRule rule(TriggerParams p, String at) {
        String field = p.string(at + ".field", "days");
        int minute = bounded(p, at + ".triggerAtMinute", 0, 0, 59);
        int hour = bounded(p, at + ".triggerAtHour", 0, 0, 23);
        try {
            return switch (field) {
                case "seconds" -> cron("*/" + bounded(p, at + ".secondsInterval", 30, 1, 59) + " * * * * *");
                case "minutes" -> cron("0 */" + bounded(p, at + ".minutesInterval", 5, 1, 59) + " * * * *");
                case "hours" -> cron("0 " + minute + " */" + bounded(p, at + ".hoursInterval", 1, 1, 23) + " * * *");
                case "days" ->
                    cron("0 " + minute + " " + hour + " */" + bounded(p, at + ".daysInterval", 1, 1, 31) + " * *");
                case "weeks" -> weeks(p, at, minute, hour);
                case "months" ->
                    cron("0 " + minute + " " + hour + " " + bounded(p, at + ".triggerAtDayOfMonth", 1, 1, 31) + " */"
                            + bounded(p, at + ".monthsInterval", 1, 1, 12) + " *");
                case "cronExpression" -> cron(p.string(at + ".expression", ""));
                default ->
                    throw new IllegalArgumentException("unknown interval field '" + field
                            + "', expected seconds, minutes, hours, days, weeks, months or cronExpression");
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof TriggerConfigException) {
                throw e;
            }
            throw new TriggerConfigException(p.node().name(), at, e.getMessage());
        }
    }

    private static ScheduleRule weeks(TriggerParams p, String at, int minute, int hour) {
        int interval = bounded(p, at + ".weeksInterval", 1, 1, 52);
        JsonNode days = p.tree(at + ".triggerAtDay");
        StringJoiner list = new StringJoiner(",");
        if (days == null || (days.isArray() && days.isEmpty())) {
            list.add("0");
        } else if (days.isArray()) {
            days.forEach(d -> list.add(String.valueOf(d.asInt())));
        } else {
            list.add(String.valueOf(days.asInt()));
        }
        CronExpression weekly = cron("0 " + minute + " " + hour + " * * " + list);
        return interval == 1 ? weekly : new EveryNWeeks(weekly, interval);
    }

    private static CronExpression cron(String expression) {
        return CronExpression.parse(expression);
    }

    private static int bounded(TriggerParams p, String path, int fallback, int min, int max) {
        double value = p.number(path, fallback);
        if (value != Math.rint(value) || value < min || value > max) {
            throw new TriggerConfigException(
                    p.node().name(), path, "must be a whole number from " + min + " to " + max + ", got " + value);
        }
        return (int) value;
    }
}
