package io.hetumind.core.spi;

import io.hetumind.core.model.Item;
import java.util.List;

/** The items a node was given, per main input. A {@link NodeContext} capability. */
public interface NodeInputs {

    /** Number of main inputs of this node. */
    int inputCount();

    /** Items on main input {@code index}; empty when nothing arrived there. */
    List<Item> input(int index);

    default List<Item> items() {
        return input(0);
    }
}
