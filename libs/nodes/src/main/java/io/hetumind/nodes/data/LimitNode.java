package io.hetumind.nodes.data;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;

/** Limit: keeps only the first or last N items. */
public final class LimitNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.limit")
            .versions(1)
            .displayName("Limit")
            .description("Restricts the number of items")
            .group(NodeGroup.DATA)
            .icon("hand-paper")
            .alias("n8n-nodes-base.limit")
            .property(PropertySpec.number("maxItems")
                    .displayName("Max Items")
                    .defaultValue(1)
                    .minValue(1)
                    .description("If there are more items than this, some are removed"))
            .property(PropertySpec.options("keep")
                    .displayName("Keep")
                    .option("firstItems", "First Items")
                    .option("lastItems", "Last Items")
                    .defaultValue("firstItems"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        int max = ctx.param("maxItems", 0, Integer.class, 1);
        if (max < 0) {
            throw NodeException.user("parameter 'maxItems' must not be negative, got " + max, 0);
        }
        List<Item> items = ctx.items();
        boolean last = "lastItems".equals(ctx.param("keep", 0, String.class, "firstItems"));
        int from = last ? Math.max(0, items.size() - max) : 0;
        int to = last ? items.size() : Math.min(items.size(), max);
        List<Item> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(items.get(i).withPairedItem(i));
        }
        return NodeResult.of(out);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
