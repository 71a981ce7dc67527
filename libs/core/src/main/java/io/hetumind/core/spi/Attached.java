package io.hetumind.core.spi;

import io.hetumind.core.model.Item;
import java.util.List;

/**
 * What one attached sub-node supplies to its root, with that sub-node's name (for errors and run data) and its context
 * (null when built outside an engine run), through which a root records a call of the sub-node as its run data.
 */
public record Attached<T>(String nodeName, T value, NodeContext context) {

    public Attached(String nodeName, T value) {
        this(nodeName, value, null);
    }

    /** Starts recording one call of this sub-node on {@code connectionType} with {@code input}; see {@link SubNodeCall}. */
    public SubNodeCall call(String connectionType, List<Item> input) {
        return context == null ? SubNodeCall.NONE : context.recordCall(connectionType, input);
    }
}
