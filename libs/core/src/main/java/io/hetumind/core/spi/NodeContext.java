package io.hetumind.core.spi;

/**
 * What a node sees while it runs, one context per node run: where it runs ({@link NodeEnvironment}), its items
 * ({@link NodeInputs}), its parameters and expressions ({@link NodeParameters}), and its state, credentials,
 * sub-nodes and the host's services ({@link NodeResources}). A node's helpers take the capability they use, not the
 * whole context; a context that changes a few answers of another extends {@link ForwardingNodeContext}.
 */
public interface NodeContext extends NodeEnvironment, NodeInputs, NodeParameters, NodeResources {}
