package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.ConnectionTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sub-node input of a root node (e.g. the AI Agent's "Chat Model"): the connection type it
 * accepts ({@link ConnectionTypes}), whether one must be attached, how many may be ({@code max},
 * 0 for any number), and {@code showWhen} (top-level parameter → values) for inputs that exist
 * only in some configurations, e.g. the output parser when {@code hasOutputParser} is on.
 */
public record SubPort(
        String type, String displayName, boolean required, int max, Map<String, List<JsonNode>> showWhen) {

    public SubPort {
        showWhen = showWhen == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(showWhen));
    }

    public static SubPort required(String type, String displayName) {
        return new SubPort(type, displayName, true, 1, Map.of());
    }

    public static SubPort optional(String type, String displayName) {
        return new SubPort(type, displayName, false, 1, Map.of());
    }

    /** Any number may be attached (tools). */
    public static SubPort many(String type, String displayName) {
        return new SubPort(type, displayName, false, 0, Map.of());
    }

    /** A copy offered only when parameter {@code property} has one of {@code values}. */
    public SubPort showWhen(String property, Object... values) {
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>(showWhen);
        List<JsonNode> list = new ArrayList<>();
        for (Object v : values) {
            list.add(Json.toNode(v));
        }
        copy.put(property, list);
        return new SubPort(type, displayName, required, max, copy);
    }

    /** Whether this input exists for a node whose parameter {@code p} is {@code lookup(p)}. */
    public boolean shown(java.util.function.Function<String, JsonNode> lookup) {
        return Conditions.all(showWhen, lookup);
    }
}
