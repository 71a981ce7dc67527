package io.hetumind.core.spi.trigger;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer to a webhook request, recorded by a Respond to Webhook node.
 *
 * @param status HTTP status code
 * @param headers response headers
 * @param body the body text (JSON already serialised), or null for none or for a binary body
 * @param contentType the body's media type, or null
 * @param data a binary body (Respond to Webhook's Binary File), or null for a text body
 */
public record WebhookResponse(int status, Map<String, String> headers, String body, String contentType, byte[] data) {

    public WebhookResponse {
        headers = Map.copyOf(headers);
    }

    /** A text answer (or none, with a null body). */
    public WebhookResponse(int status, Map<String, String> headers, String body, String contentType) {
        this(status, headers, body, contentType, null);
    }

    /** The body's bytes: the binary body, else the text as UTF-8; null for none. */
    public byte[] bytes() {
        if (data != null) {
            return data;
        }
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }
}
