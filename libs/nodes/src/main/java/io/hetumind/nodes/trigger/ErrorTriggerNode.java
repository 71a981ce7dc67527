package io.hetumind.nodes.trigger;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerSource;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.util.List;

/**
 * Error Trigger (n8n errorTrigger v1): starts an error workflow. The engine passes the failed
 * execution's summary as the trigger item; run by hand it emits n8n's example summary.
 */
public final class ErrorTriggerNode implements NodeType, TriggerSource {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.errorTrigger")
            .versions(1)
            .displayName("Error Trigger")
            .description("Starts this workflow when another workflow, with this one as its error workflow, fails")
            .group(NodeGroup.TRIGGER)
            .icon("bug")
            .trigger(TriggerSpec.of(
                    TriggerKind.ERROR_TRIGGER, "Runs when a workflow naming this one as its error workflow fails"))
            .alias("n8n-nodes-base.errorTrigger")
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TriggerKind triggerKind() {
        return TriggerKind.ERROR_TRIGGER;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        if (!items.isEmpty() && !items.getFirst().json().isEmpty()) {
            return NodeResult.of(items);
        }
        var json = Json.object();
        json.putObject("execution")
                .put("id", "231")
                .put("url", "https://n8n.example.com/execution/231")
                .putNull("retryOf")
                .put("lastNodeExecuted", "Node With Error")
                .put("mode", "manual")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                        "error",
                        Json.object().put("message", "Example Error Message").put("stack", "Stacktrace"));
        json.putObject("workflow").put("id", "1").put("name", "Example Workflow");
        return NodeResult.of(List.of(Item.of(json)));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
