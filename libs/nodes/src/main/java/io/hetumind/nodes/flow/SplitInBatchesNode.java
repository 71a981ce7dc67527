package io.hetumind.nodes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Loop Over Items (Split in Batches v3): emits the input in batches on {@code loop} and, once
 * all batches came back, everything returned on {@code done}. The cursor lives in node state.
 */
public final class SplitInBatchesNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.splitInBatches")
            .versions(3)
            .displayName("Loop Over Items (Split in Batches)")
            .description("Splits the input into batches and loops over them; 'done' gets all processed items")
            .group(NodeGroup.FLOW)
            .icon("sync")
            .alias("n8n-nodes-base.splitInBatches")
            .loop()
            .outputs(PortSpec.of("done", "done"), PortSpec.of("loop", "loop"))
            .property(PropertySpec.number("batchSize")
                    .displayName("Batch Size")
                    .defaultValue(1)
                    .description("The number of items to return with each call"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("reset")
                            .displayName("Reset")
                            .description("Start over with the current input, as if the node ran for the first time")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        int batchSize = ctx.param("batchSize", 0, Integer.class, 1);
        if (batchSize < 1) {
            throw NodeException.user("parameter 'batchSize' must be at least 1, got " + batchSize, 0);
        }
        boolean reset = ctx.param("options.reset", 0, Boolean.class, false);
        ObjectNode state = ctx.nodeState();
        List<Item> input = ctx.items();
        List<Item> batch = new ArrayList<>();
        if (!state.has("items") || reset) {
            state.removeAll();
            ArrayNode rest = state.putArray("items");
            for (int i = 0; i < input.size(); i++) {
                Item item = input.get(i).withPairedItem(i);
                if (i < batchSize) {
                    batch.add(item);
                } else {
                    rest.add(ItemCodec.write(item));
                }
            }
            state.putArray("processed");
            state.put("currentRunIndex", 0);
            state.put("maxRunIndex", (input.size() + batchSize - 1) / batchSize);
        } else {
            state.put("currentRunIndex", state.path("currentRunIndex").asInt() + 1);
            ArrayNode rest = (ArrayNode) state.get("items");
            for (int n = 0; n < batchSize && !rest.isEmpty(); n++) {
                batch.add(ItemCodec.read(rest.remove(0), "items"));
            }
            ArrayNode processed = state.withArray("processed");
            for (int i = 0; i < input.size(); i++) {
                processed.add(ItemCodec.write(input.get(i).withPairedItem(i)));
            }
        }
        state.put("noItemsLeft", state.withArray("items").isEmpty());
        if (batch.isEmpty()) {
            state.put("done", true);
            List<Item> done = new ArrayList<>();
            for (JsonNode j : state.withArray("processed")) {
                done.add(ItemCodec.read(j, "processed"));
            }
            return NodeResult.ports(List.of(done, List.of()));
        }
        state.put("done", false);
        return NodeResult.ports(List.of(List.of(), batch));
    }
}
