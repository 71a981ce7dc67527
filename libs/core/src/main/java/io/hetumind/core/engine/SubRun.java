package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import java.util.List;

/**
 * One call of sub-node {@code node} made while its root ran, kept with the root's run: the connection it was called
 * on, what it was called with ({@code input}, n8n's {@code inputOverride}) and its run (outputs: the one port of
 * {@code connectionType}; source: the node it was attached to and that node's run index). Run data shows it as a run of
 * {@code node} ({@link RunDataView}).
 */
public record SubRun(String node, String connectionType, List<Item> input, NodeRun run) {

    public SubRun {
        input = input == null ? List.of() : List.copyOf(input);
    }
}
