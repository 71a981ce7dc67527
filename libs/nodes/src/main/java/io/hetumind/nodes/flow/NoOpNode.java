package io.hetumind.nodes.flow;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.List;

/** No Operation: passes its input items through unchanged (a named junction or a pin point). */
public final class NoOpNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.noOp")
            .versions(1)
            .displayName("No Operation, do nothing")
            .description("Passes its input through unchanged")
            .group(NodeGroup.FLOW)
            .icon("arrow-right")
            .alias("n8n-nodes-base.noOp")
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> in = ctx.items();
        Item[] out = new Item[in.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.get(i).withPairedItem(i);
        }
        return NodeResult.of(List.of(out)); // immutable already: the engine keeps it as it is
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
