package io.hetumind.core.spi.trigger;

import java.util.List;

/**
 * An HTTP endpoint a webhook trigger listens on.
 *
 * @param path the path below {@code /webhook/} (no leading slash)
 * @param methods accepted HTTP methods, upper case
 * @param responseMode when and what the host answers
 * @param responseCode status of the immediate answer ({@link ResponseMode#ON_RECEIVED})
 * @param responseData for {@link ResponseMode#LAST_NODE}: "allEntries", "firstEntryJson",
 *     "firstEntryBinary" or "noData"
 * @param authentication "none", "basicAuth", "headerAuth" or "jwtAuth" (credentials on the node)
 */
public record WebhookSpec(
        String path,
        List<String> methods,
        ResponseMode responseMode,
        int responseCode,
        String responseData,
        String authentication) {

    public WebhookSpec {
        methods = List.copyOf(methods);
    }

    /** When the host answers a webhook request. */
    public enum ResponseMode {
        /** At once, with {@code responseCode}. */
        ON_RECEIVED("onReceived"),
        /** When the execution finishes, with the last node's output. */
        LAST_NODE("lastNode"),
        /** When a Respond to Webhook node runs, with what it records. */
        RESPONSE_NODE("responseNode"),
        /**
         * At the first chunk a node writes to the per-run {@link ChunkSink}, then chunk by chunk as newline-delimited
         * JSON until the run ends (n8n's {@code streaming}).
         */
        STREAMING("streaming");

        private final String wire;

        ResponseMode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static ResponseMode of(String wire) {
            for (ResponseMode m : values()) {
                if (m.wire.equals(wire)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown response mode '" + wire + "'");
        }
    }
}
