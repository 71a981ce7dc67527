package io.hetumind.core.spi;

import io.hetumind.core.model.Node;
import java.util.List;

/**
 * A node type: a descriptor (data the designer renders forms from) plus an executor.
 * Implementations are stateless and thread-safe; per-run state lives in {@link NodeContext}.
 * They are discovered with {@link java.util.ServiceLoader}.
 */
public interface NodeType {

    NodeDescriptor descriptor();

    /** Runs the node once over its inputs. Throw {@link NodeException} for a node failure. */
    NodeResult execute(NodeContext ctx) throws Exception;

    /**
     * The main outputs of this node as configured: the descriptor's output rule (Switch derives
     * them from its rules). Reads raw parameters only: no expressions are evaluated here.
     */
    default List<PortSpec> outputs(Node node) {
        return descriptor().outputs(node);
    }

    /** The main inputs of this node as configured: the descriptor's input rule. */
    default List<PortSpec> inputs(Node node) {
        return descriptor().inputs(node);
    }

    /**
     * Whether running this node again — after a crash, or on a host that lost its hold on the execution — affects
     * nothing outside the execution: its output depends only on its inputs, parameters, node state and the
     * execution's own data (binary store included), and it calls out to nothing. {@link
     * io.hetumind.core.engine.Durability#PER_EFFECT} then lets its result wait for the next commit. False unless a
     * node type says so: a node that may reach the network, files, a database or another execution is not.
     */
    default boolean replaySafe(Node node) {
        return false;
    }

    /**
     * The instance switch that running {@code node} needs ({@link NodePolicy}), if any: a host flags a workflow with
     * such a node when it saves or activates it and the switch is off. The node still checks when it runs; this says
     * so beforehand. Empty unless a node type says so.
     */
    default java.util.Optional<NodePolicy.Capability> capability(Node node) {
        return java.util.Optional.empty();
    }

    /** The option loaders this node type's properties name ({@link TypeOptions#LOAD_OPTIONS}), by name. */
    default java.util.Map<String, OptionLoader> optionLoaders() {
        return java.util.Map.of();
    }

    /**
     * What this node type cannot run in {@code node} as configured although n8n accepts it (a parameter value of a
     * kind not built here yet), one message a problem; the validator reports each before any run. Reads raw
     * parameters only. None by default.
     */
    default List<String> unsupported(Node node) {
        return List.of();
    }
}
