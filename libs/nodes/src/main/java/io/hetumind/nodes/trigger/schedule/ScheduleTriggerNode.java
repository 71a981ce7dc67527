package io.hetumind.nodes.trigger.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ErrorKind;
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
import java.util.List;

/** Schedule Trigger (n8n scheduleTrigger v1–v1.3): fires on interval or cron rules; emits the fire time. */
public final class ScheduleTriggerNode implements NodeType, ScheduleTrigger {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.scheduleTrigger")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Schedule Trigger")
            .description("Starts the workflow on a schedule: every N seconds/minutes/hours/days/weeks/months or cron")
            .group(NodeGroup.TRIGGER)
            .icon("clock")
            .trigger(TriggerSpec.of(TriggerKind.SCHEDULE, "Runs at the times of its rules, in the workflow's time zone")
                    .with("rules", "rule.interval"))
            .alias("n8n-nodes-base.scheduleTrigger")
            .property(PropertySpec.fixedCollection("rule")
                    .displayName("Trigger Rules")
                    .defaultValue(io.hetumind.core.spi.Json.parse("{\"interval\":[{\"field\":\"days\"}]}"))
                    .child(interval()))
            .build();

    private static PropertySpec.Builder interval() {
        return PropertySpec.collection("interval")
                .displayName("Trigger Interval")
                .multipleValues()
                .child(PropertySpec.options("field")
                        .displayName("Trigger Interval")
                        .option("seconds", "Seconds")
                        .option("minutes", "Minutes")
                        .option("hours", "Hours")
                        .option("days", "Days")
                        .option("weeks", "Weeks")
                        .option("months", "Months")
                        .option("cronExpression", "Custom (Cron)")
                        .defaultValue("days"))
                .child(PropertySpec.number("secondsInterval")
                        .displayName("Seconds Between Triggers")
                        .defaultValue(30)
                        .minValue(1)
                        .maxValue(59)
                        .showWhen("field", "seconds"))
                .child(PropertySpec.number("minutesInterval")
                        .displayName("Minutes Between Triggers")
                        .defaultValue(5)
                        .minValue(1)
                        .maxValue(59)
                        .showWhen("field", "minutes"))
                .child(PropertySpec.number("hoursInterval")
                        .displayName("Hours Between Triggers")
                        .defaultValue(1)
                        .minValue(1)
                        .maxValue(23)
                        .showWhen("field", "hours"))
                .child(PropertySpec.number("daysInterval")
                        .displayName("Days Between Triggers")
                        .defaultValue(1)
                        .minValue(1)
                        .maxValue(31)
                        .showWhen("field", "days"))
                .child(PropertySpec.number("weeksInterval")
                        .displayName("Weeks Between Triggers")
                        .defaultValue(1)
                        .minValue(1)
                        .showWhen("field", "weeks"))
                .child(PropertySpec.number("monthsInterval")
                        .displayName("Months Between Triggers")
                        .defaultValue(1)
                        .minValue(1)
                        .showWhen("field", "months"))
                .child(PropertySpec.number("triggerAtDayOfMonth")
                        .displayName("Trigger at Day of Month")
                        .defaultValue(1)
                        .minValue(1)
                        .maxValue(31)
                        .showWhen("field", "months"))
                .child(PropertySpec.multiOptions("triggerAtDay")
                        .displayName("Trigger on Weekdays")
                        .option(1, "Monday")
                        .option(2, "Tuesday")
                        .option(3, "Wednesday")
                        .option(4, "Thursday")
                        .option(5, "Friday")
                        .option(6, "Saturday")
                        .option(0, "Sunday")
                        .showWhen("field", "weeks"))
                .child(PropertySpec.number("triggerAtHour")
                        .displayName("Trigger at Hour")
                        .defaultValue(0)
                        .minValue(0)
                        .maxValue(23)
                        .showWhen("field", "days", "weeks", "months"))
                .child(PropertySpec.number("triggerAtMinute")
                        .displayName("Trigger at Minute")
                        .defaultValue(0)
                        .minValue(0)
                        .maxValue(59)
                        .showWhen("field", "hours", "days", "weeks", "months"))
                .child(PropertySpec.string("expression")
                        .displayName("Expression")
                        .description("Cron: [second] minute hour day-of-month month day-of-week")
                        .placeholder("eg. 0 15 * 1 sun")
                        .showWhen("field", "cronExpression"));
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<ScheduleRule> rules(TriggerParams params, ZoneId zone) {
        if (params.node().typeVersion() >= 1.3) {
            ScheduleIntervals.Problem p = ScheduleIntervals.check(params.tree("rule.interval"));
            if (p != null) {
                throw new TriggerConfigException(
                        params.node().name(), "rule.interval." + p.index(), "Invalid interval: " + p.description());
            }
        }
        return ScheduleRules.of(params);
    }

    /**
     * A manual run, as n8n's: 1.3 checks every interval first; then only the first rule counts, and only a cron
     * expression there is checked (n8n builds no schedule for a manual run, so it refuses nothing else).
     */
    @Override
    public NodeResult execute(NodeContext ctx) {
        if (ctx.node().typeVersion() >= 1.3) {
            JsonNode rule = ctx.paramTree("rule", 0);
            ScheduleIntervals.Problem p = ScheduleIntervals.check(rule == null ? null : rule.get("interval"));
            if (p != null) {
                throw new NodeException(ErrorKind.USER, "Invalid interval", p.index(), p.description(), null);
            }
        }
        TriggerParams params = new TriggerParams(ctx.node());
        if ("cronExpression".equals(params.string("rule.interval.0.field", "days"))) {
            try {
                ScheduleRules.rule(params, "rule.interval.0");
            } catch (TriggerConfigException e) {
                throw new NodeException(
                        ErrorKind.USER,
                        "Invalid cron expression",
                        0,
                        "More information on how to build them at https://crontab.guru/",
                        e);
            }
        }
        return NodeResult.of(List.of(Item.of(ScheduleItem.of(ctx.now().atZone(ctx.zone())))));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
