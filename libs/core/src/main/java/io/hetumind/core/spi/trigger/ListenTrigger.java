package io.hetumind.core.spi.trigger;

/**
 * A trigger that holds a connection open (a broker subscription, an IMAP mailbox) and starts one
 * execution per event. A host (the studio's trigger host, the CLI's run-once) calls {@link #listen}
 * for an active workflow's node; the node connects, subscribes and hands each event to
 * {@link ListenContext#emit}. Closing the returned listener disconnects; it must not throw for a
 * connection that is already gone.
 *
 * <p>Failures while opening (refused credentials, unreachable host, bad parameters) are thrown
 * from {@code listen} as {@link io.hetumind.core.spi.NodeException} or
 * {@link TriggerConfigException}; a connection that breaks later is reported through
 * {@link ListenContext#broken}, after which the host closes the listener and opens a new one
 * (with back-off). A listener never reconnects by itself.
 */
public interface ListenTrigger extends TriggerSource {

    @Override
    default TriggerKind triggerKind() {
        return TriggerKind.LISTEN;
    }

    /**
     * What the node listens to, in words for health and logs ("MQTT topics a, b/#"), from its
     * parameters alone and without secrets; throws {@link TriggerConfigException} for parameters
     * that cannot be listened with.
     */
    String target(TriggerParams params);

    /** Connects and subscribes; returns once listening. */
    AutoCloseable listen(TriggerParams params, ListenContext ctx) throws Exception;

    /**
     * Whether a host that runs the workflow once (the CLI's {@code run}) runs this node straight away instead of
     * waiting for an event: a polling trigger whose {@code execute}, run by hand, reads its source once and gives
     * what n8n's manual poll gives (the RSS Feed Trigger's first item). False for triggers that wait for a push.
     */
    default boolean pollsWhenRunOnce() {
        return false;
    }

    /**
     * What a listening trigger's {@code execute} does: checks its parameters as {@link #target} does, then passes on
     * the items its host started the run with (the event). Run without them — outside an active workflow or the CLI's
     * run-once — it fails saying so: "{@code label} 'node' ran without {@code event}: …".
     */
    default io.hetumind.core.spi.NodeResult passEvent(
            io.hetumind.core.spi.NodeContext ctx, String label, String event) {
        try {
            target(new TriggerParams(ctx.node()));
        } catch (TriggerConfigException e) {
            throw io.hetumind.core.spi.NodeException.user(e.getMessage());
        }
        java.util.List<io.hetumind.core.model.Item> items = ctx.items();
        if (items.isEmpty()) {
            throw io.hetumind.core.spi.NodeException.user(
                    label + " '" + ctx.node().name() + "' ran without " + event
                            + ": it starts when the workflow is active (studio) or run by the CLI, which pass " + event
                            + " as the trigger items");
        }
        return io.hetumind.core.spi.NodeResult.of(items);
    }
}
