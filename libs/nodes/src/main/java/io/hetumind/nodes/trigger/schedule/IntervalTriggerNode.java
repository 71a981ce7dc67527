package io.hetumind.nodes.trigger.schedule;

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
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Interval (n8n's legacy {@code interval} trigger, v1, hidden in n8n's palette but still in exports): fires every
 * {@code interval} {@code unit} counted from activation, like n8n's {@code setInterval}, and emits one empty item.
 */
public final class IntervalTriggerNode implements NodeType, ScheduleTrigger {

    /** n8n refuses what {@code setInterval} cannot hold: 2^31 - 1 milliseconds. */
    static final long MAX_MILLIS = Integer.MAX_VALUE;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.interval")
            .versions(1)
            .displayName("Interval")
            .description("Starts the workflow every N seconds, minutes or hours after activation (legacy: prefer the"
                    + " Schedule Trigger)")
            .group(NodeGroup.TRIGGER)
            .icon("hourglass")
            .trigger(TriggerSpec.of(TriggerKind.SCHEDULE, "Runs every interval, counted from activation")
                    .with("interval", "interval")
                    .with("unit", "unit"))
            .alias("n8n-nodes-base.interval")
            .property(PropertySpec.number("interval")
                    .displayName("Interval")
                    .defaultValue(1)
                    .minValue(1)
                    .description("Interval value"))
            .property(PropertySpec.options("unit")
                    .displayName("Unit")
                    .option("seconds", "Seconds")
                    .option("minutes", "Minutes")
                    .option("hours", "Hours")
                    .defaultValue("seconds")
                    .description("Unit of the interval value"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<ScheduleRule> rules(TriggerParams params, ZoneId zone) {
        return List.of(new Every(period(params)));
    }

    /** The period n8n would pass to {@code setInterval}, refused with n8n's words when it could not. */
    static Duration period(TriggerParams params) {
        double interval = params.number("interval", 1);
        String unit = params.string("unit", "seconds");
        if (interval <= 0) {
            throw new TriggerConfigException(
                    params.node().name(), "interval", "The interval has to be set to at least 1 or higher!");
        }
        double seconds =
                switch (unit) {
                    case "seconds" -> interval;
                    case "minutes" -> interval * 60;
                    case "hours" -> interval * 3600;
                    default ->
                        throw new TriggerConfigException(
                                params.node().name(),
                                "unit",
                                "unknown unit '" + unit + "', expected seconds, minutes or hours");
                };
        double millis = seconds * 1000;
        if (millis > MAX_MILLIS) {
            throw new TriggerConfigException(params.node().name(), "interval", "The interval value is too large.");
        }
        // setInterval waits at least 1 ms
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        try {
            period(new TriggerParams(ctx.node()));
        } catch (TriggerConfigException e) {
            throw NodeException.user(e.getMessage());
        }
        return NodeResult.of(List.of(Item.empty()));
    }

    /** Every {@code period} after the previous fire (the host asks from activation, then from each fire). */
    record Every(Duration period) implements ScheduleRule {
        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            return Optional.of(after.plus(period));
        }

        @Override
        public String describe() {
            return "every " + period.toMillis() + " ms";
        }
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
