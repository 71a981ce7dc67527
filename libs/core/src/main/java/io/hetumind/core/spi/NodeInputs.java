package io.hetumind.core.spi;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import java.util.List;
import java.util.Optional;

/** The items a node was given, per main input. A {@link NodeContext} capability. */
public interface NodeInputs {

    /** Number of main inputs of this node. */
    int inputCount();

    /** Items on main input {@code index}; empty when nothing arrived there. */
    List<Item> input(int index);

    /**
     * Where main input {@code index} came from, as n8n's {@code getInputSourceData}: the node output (node, output,
     * run) that fed it; empty for the execution's trigger data or an input that got nothing.
     */
    default Optional<PairedItem.Source> inputSource(int index) {
        return Optional.empty();
    }

    default List<Item> items() {
        return input(0);
    }
}
