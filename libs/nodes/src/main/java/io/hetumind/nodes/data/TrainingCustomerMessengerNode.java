package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.List;

/**
 * Customer Messenger (n8n training): the other half of n8n's tutorial pair with the Customer Datastore. It sends
 * nothing: per item it answers {@code {output: "Sent message to customer <id>:  <message>"}} (two spaces, as n8n
 * writes it), the values as JavaScript's template literal turns them into text, paired with its item.
 */
public final class TrainingCustomerMessengerNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.n8nTrainingCustomerMessenger")
            .versions(1)
            .displayName("Customer Messenger (n8n training)")
            .description("Dummy node used for n8n training")
            .group(NodeGroup.DATA)
            .icon("comment")
            .alias("n8n-nodes-base.n8nTrainingCustomerMessenger")
            .property(PropertySpec.string("customerId")
                    .displayName("Customer ID")
                    .defaultValue("")
                    .required())
            .property(PropertySpec.string("message")
                    .displayName("Message")
                    .defaultValue("")
                    .rows(4)
                    .required())
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < ctx.items().size(); i++) {
            String output = "Sent message to customer " + text(ctx.paramTree("customerId", i)) + ":  "
                    + text(ctx.paramTree("message", i));
            out.add(Item.of(Json.object().put("output", output)).withPairedItem(i));
        }
        return NodeResult.of(out);
    }

    /** A parameter as {@code `${value}`} gives it; absent is its default, "". */
    private static String text(JsonNode value) {
        return value == null ? "" : Js.toString(value, false);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
