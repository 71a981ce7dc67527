package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data an expression can see, supplied by the engine: the current item, the node's
 * inputs, other nodes' outputs, and execution/workflow facts. Nothing here does I/O.
 */
public interface ExpressionScope {

    /** The current item ({@code $json} is its JSON); an empty item when there is none. */
    Item item();

    int itemIndex();

    /** Items on main input {@code index} of the node being evaluated ({@code $input}). */
    List<Item> input(int index);

    /** The run index of the node being evaluated ({@code $runIndex}). */
    int runIndex();

    /** The name of the node being evaluated ({@code $node} without argument, {@code $prevNode}). */
    String nodeName();

    /** Output of an executed node, for {@code $('Name')} and {@code $node["Name"]}. */
    Optional<NodeOutputView> node(String name);

    String executionId();

    String workflowId();

    String workflowName();

    /** Workflow variables ({@code $vars}). */
    Map<String, String> vars();

    /** Allow-listed environment ({@code $env}); only these keys are visible. */
    Map<String, String> env();

    /** The execution's clock: {@code $now} and {@code $today} derive from it. */
    Instant now();

    ZoneId zone();

    /** The host's process zone, JavaScript's local time ({@code NodeEnvironment.processZone}). */
    default ZoneId processZone() {
        return ZoneOffset.UTC;
    }

    /** The rendered-on-demand parameters of the node being evaluated ({@code $parameter}). */
    JsonNode parameters();

    /** {@code $execution.mode}: n8n reports {@code test} for manual runs, else {@code production}. */
    default String executionMode() {
        return "production";
    }

    /** {@code $execution.customData}: the execution's custom data, or null where the host keeps none. */
    default io.hetumind.core.spi.ExecutionCustomData customData() {
        return null;
    }

    /** {@code $execution.resumeUrl}: where a waiting execution is resumed, when the host has one. */
    default String resumeUrl() {
        return null;
    }

    /** {@code $workflow.active}. */
    default boolean workflowActive() {
        return false;
    }

    /** The node that produced the current input ({@code $prevNode.name}); empty at a trigger. */
    default Optional<String> previousNodeName() {
        return Optional.empty();
    }

    /**
     * Extra {@code $name} variables a node supplies for one evaluation (the HTTP Request node's
     * {@code $response}, {@code $pageCount} …); keys include the {@code $}.
     */
    default Map<String, JsonNode> additionalKeys() {
        return Map.of();
    }

    /** The output of an executed node as expressions see it. */
    interface NodeOutputView {

        /** Items of output {@code outputIndex} of the node's latest run (or run {@code runIndex}). */
        List<Item> items(int outputIndex, int runIndex);

        /** The latest run's index, -1 if it never ran. */
        int lastRunIndex();

        /**
         * The item of this node that input item {@code itemIndex} of the evaluated node descends from (n8n's paired
         * item), read with accessor {@code method} ({@code item}, {@code itemMatching}, {@code pairedItem}); throws
         * {@link PairedItemException} where n8n's resolution fails.
         */
        Item pairedItem(int itemIndex, String method);

        /**
         * Whether this node is a parent of the evaluated node through main connections: n8n refuses an item
         * reference to any other node ('Invalid expression', no path back).
         */
        default boolean isParent() {
            return true;
        }

        /** The node's raw parameters. */
        JsonNode parameters();

        /**
         * The output of this node that feeds the evaluated node (directly or through others; n8n's
         * getNodeConnectionIndexes), which {@code first()}, {@code last()} and {@code all()} read when no
         * branch is given; 0 when it does not feed it.
         */
        default int connectedOutput() {
            return 0;
        }

        /** The node's persisted state in this execution (n8n's node context), or null if none. */
        default JsonNode context() {
            return null;
        }
    }
}
