package io.hetumind.core.spi.trigger;

import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Lists what fires an active workflow — its schedules, webhooks and listeners — without running it. */
public final class ActiveTriggers {

    /**
     * One enabled trigger node: its kind and, for schedules and webhooks, what to register; for
     * listening triggers, what it listens to ({@link ListenTrigger#target}), else null.
     */
    public record Entry(
            String node, TriggerKind kind, List<ScheduleRule> rules, WebhookSpec webhook, String listensTo) {

        public Entry(String node, TriggerKind kind, List<ScheduleRule> rules, WebhookSpec webhook) {
            this(node, kind, rules, webhook, null);
        }
    }

    private ActiveTriggers() {}

    /** Throws {@link TriggerConfigException} naming node and parameter when one cannot be read. */
    public static List<Entry> of(Workflow workflow, NodeRegistry registry) {
        ZoneId zone = zone(workflow);
        List<Entry> out = new ArrayList<>();
        for (Node node : workflow.nodes()) {
            if (node.disabled()) {
                continue;
            }
            NodeType type = registry.find(node.type()).orElse(null);
            if (!(type instanceof TriggerSource source)) {
                continue;
            }
            var params = new TriggerParams(node);
            List<ScheduleRule> rules = type instanceof ScheduleTrigger s ? s.rules(params, zone) : List.of();
            WebhookSpec spec = type instanceof WebhookTrigger w ? w.spec(params) : null;
            String listensTo = type instanceof ListenTrigger l ? l.target(params) : null;
            out.add(new Entry(node.name(), source.triggerKind(), rules, spec, listensTo));
        }
        return out;
    }

    private static ZoneId zone(Workflow workflow) {
        String tz = workflow.settings() == null ? null : workflow.settings().timezone();
        try {
            return tz == null || tz.isBlank() || "DEFAULT".equals(tz) ? ZoneId.of("UTC") : ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
