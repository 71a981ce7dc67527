package io.hetumind.core.spi.trigger;

/**
 * A trigger fired by HTTP requests. The host registers {@link #spec} for an active workflow and
 * starts an execution with one item {@code {headers, params, query, body}} per request.
 */
public interface WebhookTrigger extends TriggerSource {

    @Override
    default TriggerKind triggerKind() {
        return TriggerKind.WEBHOOK;
    }

    WebhookSpec spec(TriggerParams params);
}
