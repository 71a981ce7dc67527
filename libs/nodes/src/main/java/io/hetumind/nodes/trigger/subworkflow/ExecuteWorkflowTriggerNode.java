package io.hetumind.nodes.trigger.subworkflow;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerSource;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.util.List;

/** Execute Workflow Trigger (n8n executeWorkflowTrigger v1/v1.1): emits the items the parent passed. */
public final class ExecuteWorkflowTriggerNode implements NodeType, TriggerSource {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.executeWorkflowTrigger")
            .versions(1, 1.1)
            .displayName("Execute Workflow Trigger")
            .description("Starts this workflow when another workflow runs it with Execute Workflow")
            .group(NodeGroup.TRIGGER)
            .icon("sign-out-alt")
            .trigger(TriggerSpec.of(TriggerKind.SUB_WORKFLOW, "Runs when another workflow calls this one"))
            .alias("n8n-nodes-base.executeWorkflowTrigger")
            .property(PropertySpec.options("inputSource")
                    .displayName("Input data mode")
                    .option("passthrough", "Accept all data", "Use all incoming data from the parent workflow")
                    .defaultValue("passthrough")
                    .showWhen(PropertySpec.VERSION, 1.1))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TriggerKind triggerKind() {
        return TriggerKind.SUB_WORKFLOW;
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
