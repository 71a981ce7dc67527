package io.hetumind.core.spi.trigger;

/** How a host fires a trigger node. */
public enum TriggerKind {
    /** Started by hand (designer, CLI). */
    MANUAL,
    /** Fired by the host at the times of {@link ScheduleTrigger#rules}. */
    SCHEDULE,
    /** Fired by an HTTP request matching {@link WebhookTrigger#spec}. */
    WEBHOOK,
    /** Started by the engine with a failed execution's summary (settings.errorWorkflow). */
    ERROR_TRIGGER,
    /** Started by a parent execution's Execute Workflow node with the items it passes. */
    SUB_WORKFLOW,
    /**
     * Holds a connection open (a broker subscription, an IMAP mailbox) and starts one execution
     * per event, through {@link ListenTrigger#listen}.
     */
    LISTEN
}
