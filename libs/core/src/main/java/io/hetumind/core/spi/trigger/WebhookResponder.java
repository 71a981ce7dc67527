package io.hetumind.core.spi.trigger;

/**
 * Host service (reach it with {@code ctx.service(WebhookResponder.class)}) that sends a
 * webhook's response while the execution goes on. Respond to Webhook calls it once; without it
 * the response stays in the node's state under {@code response} for the host to read.
 */
public interface WebhookResponder {

    void respond(WebhookResponse response);
}
