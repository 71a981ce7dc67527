package io.hetumind.core.spi.trigger;

/**
 * Implemented by trigger node types ({@link io.hetumind.core.spi.NodeType}s) to tell hosts how
 * they fire. Node types that also implement {@link ScheduleTrigger} or {@link WebhookTrigger}
 * describe their schedules and endpoints from their parameters, without running.
 */
public interface TriggerSource {

    TriggerKind triggerKind();
}
