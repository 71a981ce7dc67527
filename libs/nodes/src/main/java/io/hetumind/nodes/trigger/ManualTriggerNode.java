package io.hetumind.nodes.trigger;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerSource;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.util.List;

/** Manual Trigger: starts a workflow by hand (designer button, CLI), emitting the trigger items. */
public final class ManualTriggerNode implements NodeType, TriggerSource {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.manualTrigger")
            .versions(1)
            .displayName("Manual Trigger")
            .description("Runs the workflow when you start it by hand; emits one empty item unless given input")
            .group(NodeGroup.TRIGGER)
            .icon("mouse-pointer")
            .trigger(TriggerSpec.of(TriggerKind.MANUAL, "Runs when started by hand (designer, CLI)"))
            // n8n's legacy Start node (before 0.199) starts a manual run the same way
            .alias("n8n-nodes-base.manualTrigger", "n8n-nodes-base.start")
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TriggerKind triggerKind() {
        return TriggerKind.MANUAL;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        return NodeResult.of(items.isEmpty() ? List.of(Item.empty()) : items);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
