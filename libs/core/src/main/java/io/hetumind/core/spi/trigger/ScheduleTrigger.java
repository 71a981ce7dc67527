package io.hetumind.core.spi.trigger;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** A trigger the host fires on a schedule; the host asks for the rules of an active workflow. */
public interface ScheduleTrigger extends TriggerSource {

    @Override
    default TriggerKind triggerKind() {
        return TriggerKind.SCHEDULE;
    }

    /** The node's rules; {@code zone} is the workflow's time zone. */
    List<ScheduleRule> rules(TriggerParams params, ZoneId zone);

    /** The earliest fire time of any rule after {@code after}. */
    static Optional<ZonedDateTime> next(List<ScheduleRule> rules, ZonedDateTime after) {
        return rules.stream().map(r -> r.next(after)).flatMap(Optional::stream).min(ZonedDateTime::compareTo);
    }
}
