package io.hetumind.nodes.flow;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Descriptors;
import io.hetumind.nodes.internal.FilterConditions;
import io.hetumind.nodes.internal.LegacyConditions;
import java.util.ArrayList;
import java.util.List;

/** Filter: keeps only the items that meet the conditions (v1 legacy conditions, v2 typed filter). */
public final class FilterNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.filter")
            .versions(1, 2, 2.1, 2.2, 2.3)
            .displayName("Filter")
            .description("Removes items that do not match the conditions")
            .group(NodeGroup.FLOW)
            .icon("filter")
            .alias("n8n-nodes-base.filter")
            .property(Descriptors.filter("conditions", 1).showWhen(PropertySpec.VERSION, 2, 2.1))
            .property(Descriptors.filter("conditions", 2).showWhen(PropertySpec.VERSION, 2.2))
            .property(Descriptors.filter("conditions", 3).showWhen(PropertySpec.VERSION, 2.3))
            .property(Descriptors.legacyConditions("conditions").showWhen(PropertySpec.VERSION, 1))
            .property(Descriptors.looseTypeValidation().showWhen(PropertySpec.VERSION, 2, 2.1, 2.2, 2.3))
            .property(PropertySpec.options("combineConditions")
                    .displayName("Combine")
                    .option("AND", "AND", "Items must meet all conditions")
                    .option("OR", "OR", "Items must meet at least one condition")
                    .defaultValue("AND")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .showWhen(PropertySpec.VERSION, 2, 2.1, 2.2, 2.3)
                    .child(PropertySpec.bool("ignoreCase").displayName("Ignore Case"))
                    .child(PropertySpec.bool("looseTypeValidation").displayName("Less Strict Type Validation")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        boolean v1 = ctx.node().typeVersion() < 2;
        List<Item> kept = new ArrayList<>();
        List<Item> discarded = new ArrayList<>();
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size(); i++) {
            boolean pass = v1
                    ? LegacyConditions.evaluate(
                            ctx.paramTree("conditions", i),
                            !"OR".equals(ctx.param("combineConditions", i, String.class, "AND")),
                            i,
                            ctx.zone())
                    : FilterConditions.matches(ctx, i);
            (pass ? kept : discarded).add(items.get(i).withPairedItem(i));
        }
        // n8n returns the discarded items as a second output that nothing can connect to: it shows them in
        // the run data (the editor's "Discarded" tab), so Hetumind's run data has them too.
        return NodeResult.ports(List.of(kept, discarded));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
