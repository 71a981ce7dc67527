package io.hetumind.core.spi.trigger;

/**
 * Sends a webhook's response while the execution goes on (Respond to Webhook mid-workflow). A
 * host passes one per run ({@code RunRequest.withService(WebhookResponder.class, …)}), bound to
 * the HTTP request that started it; nodes reach it with {@code ctx.service(WebhookResponder.class)}.
 * Respond to Webhook calls it once per run; without it the response stays in the node's state
 * under {@code response} for the host to read.
 */
@FunctionalInterface
public interface WebhookResponder {

    /** Answers the request that started {@code executionId}; must return quickly. */
    void respond(String executionId, WebhookResponse response);
}
