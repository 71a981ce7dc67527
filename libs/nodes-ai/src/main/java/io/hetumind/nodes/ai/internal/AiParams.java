package io.hetumind.nodes.ai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResources;
import java.time.Duration;

/** Parameter reads the AI nodes share. */
public final class AiParams {

    /** n8n's type-id prefix of its LangChain nodes. */
    public static final String N8N = "@n8n/n8n-nodes-langchain.";

    private AiParams() {}

    /** A text or resource-locator ({@code {__rl, mode, value}}) parameter as text, or {@code fallback}. */
    public static String locator(NodeParameters ctx, String path, int item, String fallback) {
        JsonNode v = ctx.paramTree(path, item);
        if (v != null && v.isObject()) {
            v = v.get("value");
        }
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return fallback;
        }
        return v.asText();
    }

    /** The credential of {@code type}, or a user error naming the node. */
    public static ObjectNode credential(NodeResources ctx, String type) {
        return ctx.credentials(type)
                .orElseThrow(() ->
                        NodeException.user("'" + ctx.node().name() + "' needs a credential of type '" + type + "'"));
    }

    public static NetworkPolicy policy(NodeResources ctx) {
        return ctx.service(NetworkPolicy.class).orElse(NetworkPolicy.allowAll());
    }

    /** A positive duration in milliseconds from {@code path}, or {@code fallbackMs}. */
    public static Duration millis(NodeParameters ctx, String path, int item, long fallbackMs) {
        Double ms = ctx.param(path, item, Double.class, (double) fallbackMs);
        if (ms.isNaN() || ms <= 0) {
            throw NodeException.user("parameter '" + path + "': must be a positive number of milliseconds", item);
        }
        return Duration.ofMillis(ms.longValue());
    }

    /** A whole number in [{@code min}, {@code max}] from {@code path}, or {@code fallback}. */
    public static int intIn(NodeParameters ctx, String path, int item, int fallback, int min, int max) {
        Double v = ctx.param(path, item, Double.class, (double) fallback);
        if (v.isNaN() || v < min || v > max || v != Math.rint(v)) {
            throw NodeException.user(
                    "parameter '" + path + "': must be a whole number from " + min + " to " + max + ", got " + v, item);
        }
        return v.intValue();
    }

    /**
     * A number option the user set (rendered), or null when it is absent: options left unset are
     * not sent, so the provider's own defaults apply (the descriptor's default is what the form shows).
     */
    public static Double set(NodeParameters ctx, String path, int item) {
        return ctx.rawParam(path) == null ? null : ctx.param(path, item, Double.class, null);
    }

    /** Trims a trailing slash so paths can be appended. */
    public static String baseUrl(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
