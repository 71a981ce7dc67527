package io.hetumind.studio.trigger;

import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ScheduleRule;
import io.hetumind.core.spi.trigger.ScheduleTrigger;
import io.hetumind.core.spi.trigger.TriggerParams;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** Reads a stored schedule node's rules and walks its ticks. */
final class Schedules {
    private Schedules() {}

    /** The workflow's time zone (settings.timezone), UTC when unset or unknown — as the core reads it. */
    static ZoneId zone(Workflow workflow) {
        String tz = workflow.settings() == null ? null : workflow.settings().timezone();
        try {
            return tz == null || tz.isBlank() || "DEFAULT".equals(tz) ? ZoneId.of("UTC") : ZoneId.of(tz);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    static List<ScheduleRule> rules(NodeRegistry registry, Node node, ZoneId zone) {
        ScheduleTrigger type = (ScheduleTrigger) registry.find(node.type())
                .orElseThrow(() -> new IllegalStateException("unknown node type " + node.type()));
        return type.rules(new TriggerParams(node), zone);
    }

    /** The first tick strictly after {@code after}. */
    static Optional<Instant> next(List<ScheduleRule> rules, Instant after, ZoneId zone) {
        return ScheduleTrigger.next(rules, after.atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
