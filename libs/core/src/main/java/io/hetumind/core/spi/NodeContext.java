package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What a node sees while it runs: its inputs, typed parameters (expressions rendered per
 * item), its persisted state and the host's services. One context per node run.
 */
public interface NodeContext {

    Node node();

    String workflowId();

    String workflowName();

    String executionId();

    /** 0 on the node's first run in this execution, then 1, 2 … (loops, fan-in). */
    int runIndex();

    /** Number of main inputs of this node. */
    int inputCount();

    /** Items on main input {@code index}; empty when nothing arrived there. */
    List<Item> input(int index);

    default List<Item> items() {
        return input(0);
    }

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
    JsonNode evaluate(String template, int itemIndex, java.util.Map<String, JsonNode> additionalKeys);

    /**
     * This node's state within the execution (loop cursors, buffers): read it at the start
     * and change it in place; it is checkpointed with the node's result.
     */
    ObjectNode nodeState();

    default OnError onError() {
        return node().onError();
    }

    /** True when the node should turn per-item failures into error items instead of failing. */
    default boolean continueOnFail() {
        return node().onError() != OnError.STOP;
    }

    /** A line of console output, kept in the node's run data. */
    void log(String line);

    Instant now();

    ZoneId zone();

    /** True once the execution was canceled; long-running nodes check it. */
    boolean canceled();

    /** Decrypted credential data of the given type assigned to this node, if any. */
    Optional<ObjectNode> credentials(String credentialType);

    /**
     * What the sub-nodes attached on {@code connectionType} (an {@code ai_*} type) supply, in
     * connection order, built for the root's item {@code itemIndex} (their parameters render
     * against it). Disabled sub-nodes are left out. Empty when none is attached.
     */
    default <T> List<Attached<T>> attached(String connectionType, int itemIndex, Class<T> type) {
        return List.of();
    }

    /** The one sub-node attached on {@code connectionType}; a user error naming this node when there is none. */
    default <T> Attached<T> attachedOne(String connectionType, int itemIndex, Class<T> type, String what) {
        List<Attached<T>> all = attached(connectionType, itemIndex, type);
        if (all.isEmpty()) {
            throw NodeException.user(
                    "'" + node().name() + "' needs " + what + " connected to its " + connectionType + " input",
                    itemIndex);
        }
        return all.getFirst();
    }

    /**
     * On a sub-node's context (one {@link #attached} built): starts recording one call its root makes of it, kept as a
     * run of this sub-node in run data (n8n's shape: {@code inputOverride} and {@code data} under {@code
     * connectionType}, {@code source} naming the node it was attached to). Elsewhere a call that records nothing.
     */
    default SubNodeCall recordCall(String connectionType, List<Item> input) {
        return SubNodeCall.NONE;
    }

    /** A host-provided service (binary store, sub-workflow runner, HTTP client …), if present. */
    <T> Optional<T> service(Class<T> type);
}
