package io.hetumind.core.spi.trigger;

import java.util.Map;

/**
 * The answer to a webhook request, recorded by a Respond to Webhook node.
 *
 * @param status HTTP status code
 * @param headers response headers
 * @param body the body text (JSON already serialised), or null for none
 * @param contentType the body's media type, or null
 */
public record WebhookResponse(int status, Map<String, String> headers, String body, String contentType) {

    public WebhookResponse {
        headers = Map.copyOf(headers);
    }
}
