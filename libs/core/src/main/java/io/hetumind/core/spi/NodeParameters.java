package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import java.util.Map;

/**
 * A node's parameters, rendered per item, and expressions evaluated against an item; the node's error setting. A
 * {@link NodeContext} capability: a helper that reads parameters and nothing else takes this.
 */
public interface NodeParameters {

    Node node();

    /**
     * The parameter at {@code path} (dot-separated, e.g. {@code options.timeout}) rendered
     * for item {@code itemIndex} and converted to {@code type}. A missing parameter takes the
     * descriptor's default; conversion failures are user errors naming the parameter.
     * Supported types: String, Integer, Long, Double, Boolean, Duration, Instant, JsonNode
     * (and its subtypes), enums (by wire name or constant name), List (of JSON values).
     */
    <T> T param(String path, int itemIndex, Class<T> type);

    default <T> T param(String path, Class<T> type) {
        return param(path, 0, type);
    }

    /** Like {@link #param(String, int, Class)}, with {@code fallback} when absent or null. */
    <T> T param(String path, int itemIndex, Class<T> type, T fallback);

    /** The rendered parameter tree at {@code path} (nested expressions rendered), or null. */
    JsonNode paramTree(String path, int itemIndex);

    /** The raw parameter at {@code path} as written in the workflow, or null. */
    JsonNode rawParam(String path);

    /** Renders a template ({@code =…{{ expr }}…}) or plain value for item {@code itemIndex}. */
    JsonNode evaluate(String template, int itemIndex);

    /**
     * Like {@link #evaluate(String, int)} with extra variables visible to the expression, e.g.
     * {@code Map.of("$response", …)}; keys start with {@code $} and do not shadow built-ins.
     */
    JsonNode evaluate(String template, int itemIndex, Map<String, JsonNode> additionalKeys);

    default OnError onError() {
        return node().onError();
    }

    /** True when the node should turn per-item failures into error items instead of failing. */
    default boolean continueOnFail() {
        return node().onError() != OnError.STOP;
    }
}
