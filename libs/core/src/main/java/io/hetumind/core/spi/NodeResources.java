package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import java.util.List;
import java.util.Optional;

/**
 * What a node holds or is given beyond its items and parameters: its persisted state, its credentials, the sub-nodes
 * attached to it and the host's services. A {@link NodeContext} capability.
 */
public interface NodeResources {

    Node node();

    /**
     * This node's state within the execution (loop cursors, buffers): read it at the start
     * and change it in place; it is checkpointed with the node's result.
     */
    ObjectNode nodeState();

    /** Decrypted credential data of the given type assigned to this node, if any. */
    Optional<ObjectNode> credentials(String credentialType);

    /**
     * What the sub-nodes attached on {@code connectionType} (an {@code ai_*} type) supply, in
     * order of the root's input slot they are connected to (the connection's {@code index}), then of the nodes, built
     * for the root's item {@code itemIndex} (their parameters render
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
