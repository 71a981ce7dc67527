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

    /**
     * The first segment of the URLs people are given for this trigger: {@code webhook} ({@code /webhook/<path>},
     * {@code /webhook-test/<path>}), or {@code form} for a trigger that serves a form page on GET (its URL is opened,
     * not called). The host answers every trigger under both.
     */
    default String urlSegment() {
        return "webhook";
    }
}
