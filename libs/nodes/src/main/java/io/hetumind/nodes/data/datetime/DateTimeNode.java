package io.hetumind.nodes.data.datetime;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.PerItem;

/** Date &amp; Time: v1 formats and calculates dates with moment semantics, v2 offers n8n's Luxon operations. */
public final class DateTimeNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = build();

    private static NodeDescriptor build() {
        NodeDescriptor.Builder b = NodeDescriptor.builder("hetumind.dateTime")
                .versions(1, 2)
                .displayName("Date & Time")
                .description("Manipulate date and time values")
                .group(NodeGroup.DATA)
                .icon("clock")
                .alias("n8n-nodes-base.dateTime");
        V1Properties.all().forEach(b::property);
        V2Properties.all().forEach(b::property);
        return b.build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        boolean v1 = ctx.node().typeVersion() < 2;
        return PerItem.map(ctx, (i, item) -> v1 ? DateTimeV1.apply(ctx, i, item) : DateTimeV2.apply(ctx, i, item));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
