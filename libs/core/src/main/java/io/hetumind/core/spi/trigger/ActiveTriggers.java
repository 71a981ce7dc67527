package io.hetumind.core.spi.trigger;

import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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

    /**
     * How a host calls a trigger node's code ({@link ScheduleTrigger#rules}, {@link WebhookTrigger#spec}, {@link
     * ListenTrigger#target}): directly, or bounded and contained for a plugin's code (the node SDK's {@code
     * PluginGuard::call}).
     */
    public interface Calls {
        <T> T call(NodeType type, String what, Callable<T> body) throws Exception;
    }

    /** Calls the node's code on this thread. */
    public static final Calls DIRECT = new Calls() {
        @Override
        public <T> T call(NodeType type, String what, Callable<T> body) throws Exception {
            return body.call();
        }
    };

    private ActiveTriggers() {}

    /** {@link #of(Workflow, NodeRegistry, Calls)} calling the nodes' code directly. */
    public static List<Entry> of(Workflow workflow, NodeRegistry registry) {
        return of(workflow, registry, DIRECT);
    }

    /**
     * The workflow's enabled triggers, their code called through {@code calls}. Throws {@link TriggerConfigException}
     * naming node and parameter when one cannot be read, and naming the node (parameter null) when its code failed in
     * any other way — threw, or did not answer in time through a bounding {@code calls} — so a host can refuse the
     * workflow's activation precisely instead of failing itself.
     */
    public static List<Entry> of(Workflow workflow, NodeRegistry registry, Calls calls) {
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
            List<ScheduleRule> rules = List.of();
            WebhookSpec spec = null;
            String listensTo = null;
            try {
                if (type instanceof ScheduleTrigger s) {
                    rules = calls.call(type, "schedule rules of " + node.type(), () -> s.rules(params, zone));
                    if (rules == null) {
                        throw new TriggerConfigException(
                                node.name(), "its schedule rules are missing", (Throwable) null);
                    }
                }
                if (type instanceof WebhookTrigger w) {
                    spec = calls.call(type, "webhook settings of " + node.type(), () -> w.spec(params));
                    if (spec == null) {
                        throw new TriggerConfigException(
                                node.name(), "its webhook settings are missing", (Throwable) null);
                    }
                }
                if (type instanceof ListenTrigger l) {
                    listensTo = calls.call(type, "listening target of " + node.type(), () -> l.target(params));
                }
            } catch (TriggerConfigException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TriggerConfigException(node.name(), "reading its trigger settings was interrupted", e);
            } catch (Exception e) {
                // a plugin's failure or timeout (through a guarding Calls) says so and names the plugin
                String why = "its trigger settings cannot be read: "
                        + (e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                throw new TriggerConfigException(node.name(), why, e);
            }
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
