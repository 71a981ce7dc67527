package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.WebhookSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One registered webhook as requests see it: which workflow version and node it starts, and the node's settings read
 * once at registration (response mode, options), so a request costs a map lookup and no parameter reads.
 *
 * @param testId the listen registration this belongs to, or null for a production webhook
 */
public record WebhookEndpoint(
        UUID tenantId,
        UUID workflowId,
        int workflowVersion,
        String method,
        WebhookPath path,
        Node node,
        WebhookSpec spec,
        Options options,
        UUID testId) {

    public boolean test() {
        return testId != null;
    }

    /**
     * The Webhook node's {@code options} the host applies.
     *
     * @param rawBody put the request body as it came in binary property {@code data}
     * @param binaryPropertyName where uploaded files / the raw body go (n8n v1 {@code binaryPropertyName})
     * @param responseContentType content type of the answer ({@code onReceived}/{@code lastNode})
     * @param responseData the body of an {@code onReceived} answer, or for {@code lastNode} nothing
     * @param responseHeaders extra headers of the answer, names lower case
     * @param ignoreBots answer requests from link previewers and bots without running
     * @param responseBinaryPropertyName the binary field of the last node's first item that {@code firstEntryBinary}
     *     answers with (the node's Property Name, n8n's default {@code data})
     * @param ipAllowlist who may call (the IP(s) Allowlist option; everyone when it is empty)
     * @param noResponseBody an {@code onReceived} answer has no body
     * @param responsePropertyName for {@code firstEntryJson}: the field of the first item to answer with instead of
     *     the whole item (a lodash path, n8n's Property Name option), or null
     */
    public record Options(
            boolean rawBody,
            String binaryPropertyName,
            String responseContentType,
            String responseData,
            Map<String, String> responseHeaders,
            boolean ignoreBots,
            String responseBinaryPropertyName,
            IpAllowlist ipAllowlist,
            boolean noResponseBody,
            String responsePropertyName) {

        /** How a request is read and answered when the node sets nothing. */
        static final Options NONE =
                new Options(false, "data", null, null, Map.of(), false, "data", IpAllowlist.ANYONE, false, null);

        static Options of(Node node) {
            JsonNode o = node.parameters().path("options");
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode entries = o.path("responseHeaders").path("entries");
            if (entries.isArray()) {
                for (JsonNode e : entries) {
                    String name = e.path("name").asText("").trim();
                    if (!name.isEmpty()) {
                        headers.put(
                                name.toLowerCase(Locale.ROOT), e.path("value").asText(""));
                    }
                }
            }
            return new Options(
                    o.path("rawBody").asBoolean(false),
                    text(o.path("binaryPropertyName"), text(node.parameters().path("binaryPropertyName"), "data")),
                    text(o.path("responseContentType"), null),
                    text(o.path("responseData"), null),
                    Map.copyOf(headers),
                    o.path("ignoreBots").asBoolean(false),
                    text(node.parameters().path("responseBinaryPropertyName"), "data"),
                    IpAllowlist.parse(text(o.path("ipWhitelist"), null)),
                    o.path("noResponseBody").asBoolean(false),
                    o.path("responsePropertyName").isValueNode()
                            ? o.path("responsePropertyName").asText()
                            : null);
        }

        private static String text(JsonNode value, String fallback) {
            return value.isValueNode() && !value.asText().isBlank() ? value.asText() : fallback;
        }
    }
}
