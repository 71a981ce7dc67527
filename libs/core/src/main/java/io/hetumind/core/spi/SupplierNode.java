package io.hetumind.core.spi;

/**
 * A node type that can be a sub-node: attached to a root node by an {@code ai_*} connection, it
 * is never scheduled; the root asks it, through {@link NodeContext#attached}, for the object it
 * supplies (a chat model, a tool, a memory …) built from its parameters and credentials.
 * {@code ctx} is the sub-node's own context: its parameters render against the root's input item.
 */
public interface SupplierNode extends NodeType {

    /**
     * What this node supplies on connection type {@code connectionType} (one it declares in
     * {@code supplies}) for the root's item {@code itemIndex}: read parameters for that item.
     */
    Object supply(NodeContext ctx, String connectionType, int itemIndex) throws Exception;

    /**
     * Sub-node only types run only through their root; a type that is also a regular node
     * (a vector store in insert mode) overrides this.
     */
    @Override
    default NodeResult execute(NodeContext ctx) throws Exception {
        throw NodeException.user(
                "'" + ctx.node().name() + "' is a sub-node: it runs only when attached to a root node");
    }
}
