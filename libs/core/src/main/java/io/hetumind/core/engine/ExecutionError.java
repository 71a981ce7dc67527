package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import java.util.Locale;

/**
 * Why a node or an execution failed: a message for people, never a stack trace.
 *
 * <p>It has one JSON shape everywhere — journals, snapshots, run data, the CLI's {@code --json} and the studio's API:
 * {@code {message, description?, node?, itemIndex?, kind?}} with {@code kind} in lower case ({@code user},
 * {@code operational}, …). Absent parts are left out rather than written as {@code null}.
 */
public record ExecutionError(String message, String description, String node, int itemIndex, ErrorKind kind) {

    public static ExecutionError of(String message, String node, ErrorKind kind) {
        return new ExecutionError(message, null, node, -1, kind);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object().put("message", message);
        if (description != null) {
            o.put("description", description);
        }
        if (node != null) {
            o.put("node", node);
        }
        if (itemIndex >= 0) {
            o.put("itemIndex", itemIndex);
        }
        if (kind != null) {
            o.put("kind", kind.name().toLowerCase(Locale.ROOT));
        }
        return o;
    }

    /**
     * Reads {@link #toJson()}'s shape; also the one journals written before it used ({@code item} for the index,
     * {@code kind} in upper case, nulls written out), so executions journaled by an older build still resume.
     */
    public static ExecutionError fromJson(JsonNode o) {
        if (o == null || o.isNull()) {
            return null;
        }
        JsonNode index = o.has("itemIndex") ? o.get("itemIndex") : o.get("item");
        String kind = text(o.get("kind"));
        return new ExecutionError(
                text(o.get("message")),
                text(o.get("description")),
                text(o.get("node")),
                index == null || index.isNull() ? -1 : index.asInt(-1),
                kind == null ? null : ErrorKind.valueOf(kind.toUpperCase(Locale.ROOT)));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
