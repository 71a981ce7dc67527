package io.hetumind.nodes.ai.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The hosted chat page (GET on a public hosted chat): Hetumind's own small page, {@code chat-page.html} in this jar,
 * with the node's texts as a JSON object — nothing is loaded from elsewhere (n8n's page loads its widget from a CDN).
 * The JSON is escaped for a script element and a Content-Security-Policy allows only the page's own script, style
 * and calls to this server.
 */
final class ChatPage {
    private static final String TEMPLATE = load();
    private static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private ChatPage() {}

    static WebhookResponse render(Node node, String url, boolean test) {
        JsonNode options = node.parameters().path("options");
        ObjectNode config = Json.object()
                .put("webhookUrl", java.net.URI.create(url).getRawPath()) // same origin: the CSP allows no other
                .put("mode", test ? "test" : "production")
                .put("title", text(options, "title", "Hi there! 👋"))
                .put("subtitle", text(options, "subtitle", "Start a chat. We're here to help you 24/7."))
                .put("inputPlaceholder", text(options, "inputPlaceholder", "Type your question.."))
                .put("loadPreviousSession", ChatRequests.loadPreviousSession(node))
                .put("streaming", ChatRequests.streams(node));
        JsonNode initial = node.parameters().path("initialMessages");
        String messages =
                initial.isTextual() ? initial.asText() : "Hi there! 👋\nMy name is Nathan. How can I assist you today?";
        var list = config.putArray("initialMessages");
        for (String line : messages.split("\n")) {
            if (!line.isBlank()) {
                list.add(line);
            }
        }
        String page = TEMPLATE.replace("/*CONFIG*/{}", scriptSafe(Json.write(config)));
        return new WebhookResponse(
                200,
                Map.of(
                        "content-security-policy",
                        CSP,
                        "cache-control",
                        "no-store",
                        "x-content-type-options",
                        "nosniff"),
                page,
                "text/html");
    }

    private static String text(JsonNode options, String key, String fallback) {
        JsonNode v = options.path(key);
        return v.isTextual() ? v.asText() : fallback;
    }

    /** JSON that cannot close the script element or start markup inside it. */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    private static String load() {
        try (InputStream in = ChatPage.class.getResourceAsStream("chat-page.html")) {
            if (in == null) {
                throw new IllegalStateException("chat-page.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
