package io.hetumind.nodes.flow;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Descriptors;
import io.hetumind.nodes.internal.FilterConditions;
import io.hetumind.nodes.internal.LegacyConditions;
import java.util.ArrayList;
import java.util.List;

/** If: routes each item to the {@code true} or {@code false} output by its conditions (v1 and v2 formats). */
public final class IfNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.if")
            .versions(1, 2, 2.1, 2.2, 2.3)
            .displayName("If")
            .description("Routes items to 'true' or 'false' by conditions")
            .group(NodeGroup.FLOW)
            .icon("code-branch")
            .alias("n8n-nodes-base.if")
            .outputs(PortSpec.of("true", "true"), PortSpec.of("false", "false"))
            .property(Descriptors.filter("conditions", 1).showWhen(PropertySpec.VERSION, 2, 2.1))
            .property(Descriptors.filter("conditions", 2).showWhen(PropertySpec.VERSION, 2.2))
            .property(Descriptors.filter("conditions", 3).showWhen(PropertySpec.VERSION, 2.3))
            .property(Descriptors.legacyConditions("conditions").showWhen(PropertySpec.VERSION, 1))
            .property(Descriptors.looseTypeValidation().showWhen(PropertySpec.VERSION, 2, 2.1, 2.2, 2.3))
            .property(PropertySpec.options("combineOperation")
                    .displayName("Combine")
                    .option("all", "ALL", "Only if all conditions are met the item goes to 'true'")
                    .option("any", "ANY", "If any of the conditions is met the item goes to 'true'")
                    .defaultValue("all")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .showWhen(PropertySpec.VERSION, 2, 2.1, 2.2, 2.3)
                    .child(PropertySpec.bool("ignoreCase")
                            .displayName("Ignore Case")
                            .description("Compare text case-insensitively"))
                    .child(PropertySpec.bool("looseTypeValidation")
                            .displayName("Less Strict Type Validation")
                            .description("v2.0: convert values to the operator's type")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        boolean v1 = ctx.node().typeVersion() < 2;
        List<Item> yes = new ArrayList<>();
        List<Item> no = new ArrayList<>();
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size(); i++) {
            boolean pass = v1
                    ? LegacyConditions.evaluate(
                            ctx.paramTree("conditions", i),
                            !"any".equals(ctx.param("combineOperation", i, String.class, "all")),
                            i,
                            ctx.zone())
                    : FilterConditions.matches(ctx, i);
            (pass ? yes : no).add(items.get(i).withPairedItem(i));
        }
        return NodeResult.ports(List.of(yes, no));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
