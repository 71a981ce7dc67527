package io.hetumind.nodes.trigger.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ScheduleRule;
import io.hetumind.core.spi.trigger.ScheduleTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Cron (n8n's legacy {@code cron} trigger, v1, hidden in n8n's palette but still in exports): one cron rule per
 * {@code triggerTimes.item[]} entry, built as n8n-workflow's {@code toCronExpression} builds it — except that n8n
 * draws a random second (and, for "every X hours", a random minute) to spread load, where Hetumind takes 0, as its
 * Schedule Trigger does. Emits one empty item. No entry: it never fires.
 */
public final class CronTriggerNode implements NodeType, ScheduleTrigger {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.cron")
            .versions(1)
            .displayName("Cron")
            .description("Starts the workflow at set times (legacy: prefer the Schedule Trigger)")
            .group(NodeGroup.TRIGGER)
            .icon("clock")
            .trigger(TriggerSpec.of(
                            TriggerKind.SCHEDULE, "Runs at the times of its entries, in the workflow's time zone")
                    .with("rules", "triggerTimes.item"))
            .alias("n8n-nodes-base.cron")
            .property(PropertySpec.fixedCollection("triggerTimes")
                    .displayName("Trigger Times")
                    .description("Triggers for the workflow")
                    .child(item()))
            .build();

    /** n8n's trigger-time entry (mode, hour, minute …), shared with polling triggers' Poll Times. */
    public static PropertySpec.Builder triggerTime() {
        return item();
    }

    private static PropertySpec.Builder item() {
        return PropertySpec.collection("item")
                .displayName("Item")
                .multipleValues()
                .child(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("everyMinute", "Every Minute")
                        .option("everyHour", "Every Hour")
                        .option("everyDay", "Every Day")
                        .option("everyWeek", "Every Week")
                        .option("everyMonth", "Every Month")
                        .option("everyX", "Every X")
                        .option("custom", "Custom")
                        .defaultValue("everyDay")
                        .description("How often to trigger."))
                .child(PropertySpec.number("hour")
                        .displayName("Hour")
                        .defaultValue(14)
                        .minValue(0)
                        .maxValue(23)
                        .description("The hour of the day to trigger (24h format)")
                        .hideWhen("mode", "custom", "everyHour", "everyMinute", "everyX"))
                .child(PropertySpec.number("minute")
                        .displayName("Minute")
                        .defaultValue(0)
                        .minValue(0)
                        .maxValue(59)
                        .description("The minute of the day to trigger")
                        .hideWhen("mode", "custom", "everyMinute", "everyX"))
                .child(PropertySpec.number("dayOfMonth")
                        .displayName("Day of Month")
                        .defaultValue(1)
                        .minValue(1)
                        .maxValue(31)
                        .description("The day of the month to trigger")
                        .showWhen("mode", "everyMonth"))
                .child(PropertySpec.options("weekday")
                        .displayName("Weekday")
                        .option("1", "Monday")
                        .option("2", "Tuesday")
                        .option("3", "Wednesday")
                        .option("4", "Thursday")
                        .option("5", "Friday")
                        .option("6", "Saturday")
                        .option("0", "Sunday")
                        .defaultValue("1")
                        .description("The weekday to trigger")
                        .showWhen("mode", "everyWeek"))
                .child(PropertySpec.string("cronExpression")
                        .displayName("Cron Expression")
                        .defaultValue("* * * * * *")
                        .description("[second] minute hour day-of-month month day-of-week")
                        .showWhen("mode", "custom"))
                .child(PropertySpec.number("value")
                        .displayName("Value")
                        .defaultValue(2)
                        .minValue(0)
                        .maxValue(1000)
                        .description("All how many X minutes/hours it should trigger")
                        .showWhen("mode", "everyX"))
                .child(PropertySpec.options("unit")
                        .displayName("Unit")
                        .option("minutes", "Minutes")
                        .option("hours", "Hours")
                        .defaultValue("hours")
                        .description("If it should trigger all X minutes or hours")
                        .showWhen("mode", "everyX"));
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<ScheduleRule> rules(TriggerParams params, ZoneId zone) {
        return timesRules(params, "triggerTimes.item");
    }

    /**
     * The rules of an n8n trigger-times list at {@code path} ({@code triggerTimes.item} here, a polling node's {@code
     * pollTimes.item}): one cron expression per entry, as n8n-workflow's toCronExpression makes them.
     */
    public static List<ScheduleRule> timesRules(TriggerParams params, String path) {
        JsonNode items = params.tree(path);
        List<ScheduleRule> rules = new ArrayList<>();
        if (items == null) {
            return rules;
        }
        int count = items.isArray() ? items.size() : 1;
        for (int i = 0; i < count; i++) {
            String at = items.isArray() ? path + "." + i : path;
            String expression = expression(params, at);
            try {
                rules.add(CronExpression.parse(expression));
            } catch (IllegalArgumentException e) {
                throw new TriggerConfigException(
                        params.node().name(), at, "cron expression '" + expression + "': " + e.getMessage());
            }
        }
        return rules;
    }

    /** n8n-workflow's {@code toCronExpression} with second (and "every X hours" minute) 0 instead of random. */
    static String expression(TriggerParams p, String at) {
        String mode = p.string(at + ".mode", "everyDay");
        int hour = (int) p.number(at + ".hour", 14);
        int minute = (int) p.number(at + ".minute", 0);
        return switch (mode) {
            case "everyMinute" -> "0 * * * * *";
            case "everyHour" -> "0 " + minute + " * * * *";
            case "everyX" -> {
                int value = (int) p.number(at + ".value", 2);
                String unit = p.string(at + ".unit", "hours");
                if (unit.equals("minutes")) {
                    yield "0 */" + value + " * * * *";
                }
                if (unit.equals("hours")) {
                    yield "0 0 */" + value + " * * *";
                }
                throw new TriggerConfigException(
                        p.node().name(), at + ".unit", "unknown unit '" + unit + "', expected minutes or hours");
            }
            case "everyDay" -> "0 " + minute + " " + hour + " * * *";
            case "everyWeek" -> "0 " + minute + " " + hour + " * * " + p.string(at + ".weekday", "1");
            case "everyMonth" -> "0 " + minute + " " + hour + " " + (int) p.number(at + ".dayOfMonth", 1) + " * *";
            case "custom" -> p.string(at + ".cronExpression", "* * * * * *").trim();
            default ->
                throw new TriggerConfigException(
                        p.node().name(),
                        at + ".mode",
                        "unknown mode '" + mode
                                + "', expected everyMinute, everyHour, everyDay, everyWeek, everyMonth, everyX or custom");
        };
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        try {
            rules(new TriggerParams(ctx.node()), ctx.zone());
        } catch (TriggerConfigException e) {
            throw NodeException.user(e.getMessage());
        }
        return NodeResult.of(List.of(Item.empty()));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
