package io.hetumind.nodes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortRule;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Split in Batches: v1 emits one batch per run and nothing once exhausted; v2/v2.1 emit
 * batches on {@code loop} (output 0) and everything returned on {@code done} (output 1); v3
 * (Loop Over Items) swaps them ({@code done} 0, {@code loop} 1). The cursor lives in node
 * state under n8n's context keys ({@code items}, {@code processedItems}, {@code currentRunIndex},
 * {@code maxRunIndex}, {@code noItemsLeft}, {@code done}) so expressions can read them.
 */
public final class SplitInBatchesNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.splitInBatches")
            .versions(1, 2, 2.1, 3)
            .displayName("Loop Over Items (Split in Batches)")
            .description("Splits the input into batches and loops over them; v1 has only the batch output, v2 routes"
                    + " loop on output 0 and done on 1, v3 done on 0 and loop on 1")
            .group(NodeGroup.FLOW)
            .icon("sync")
            .alias("n8n-nodes-base.splitInBatches")
            .loop()
            .outputs(PortSpec.of("done", "done"), PortSpec.of("loop", "loop"))
            // v1 and v2 send batches on output 0 (v1 never uses output 1); v3 swaps them
            .outputRule(new PortRule.When(
                    List.of(new PortRule.When.Case(
                            Map.of(
                                    PropertySpec.VERSION,
                                    List.of(Json.F.numberNode(1), Json.F.numberNode(2), Json.F.numberNode(2.1))),
                            PortRule.fixed(PortSpec.of("loop", "loop"), PortSpec.of("done", "done")))),
                    PortRule.fixed(PortSpec.of("done", "done"), PortSpec.of("loop", "loop"))))
            .property(batchSize(10).showWhen(PropertySpec.VERSION, 1, 2, 2.1)) // the default before version 3
            .property(batchSize(1).hideWhen(PropertySpec.VERSION, 1, 2, 2.1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("reset")
                            .displayName("Reset")
                            .description("Start over with the current input, as if the node ran for the first time")))
            .build();

    private static PropertySpec.Builder batchSize(int defaultSize) {
        return PropertySpec.number("batchSize")
                .displayName("Batch Size")
                .defaultValue(defaultSize)
                .minValue(1)
                .description("The number of items to return with each call");
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        double version = ctx.node().typeVersion();
        // n8n's v1/v2 default to 10 and v3 to 1; the descriptor's default is v3's
        int batchSize = ctx.param("batchSize", 0, Integer.class, 1);
        if (batchSize < 1) {
            throw NodeException.user("parameter 'batchSize' must be at least 1, got " + batchSize, 0);
        }
        boolean reset = ctx.param("options.reset", 0, Boolean.class, false);
        ObjectNode state = ctx.nodeState();
        // v3 starts over when re-entered after finishing by the node that started it (nested loops: the inner
        // loop gets the next parent's items); items still coming back from its own body after it finished (an If
        // in the loop feeding both branches back) are added to the done output, as n8n 2.8.4 does. v1/v2 keep
        // n8n's older behaviour, where workflows reset by expression.
        String startedBy = state.path("sourceData").path("previousNode").asText(null);
        boolean restart = version >= 3
                && state.path("done").asBoolean(false)
                && (startedBy == null
                        || ctx.inputSource(0)
                                .map(src -> src.node().equals(startedBy))
                                .orElse(true));
        List<Item> input = ctx.items();
        List<Item> batch = new ArrayList<>();
        if (!state.has("items") || reset || restart) {
            state.removeAll();
            // n8n keeps the first run's input source: later batches are paired with it (sourceOverwrite), so an
            // item reference in the loop reaches the node before the loop, not the loop-back
            ctx.inputSource(0).ifPresent(src -> state.set("sourceData", source(src)));
            ArrayNode rest = state.putArray("items");
            for (int i = 0; i < input.size(); i++) {
                Item item = input.get(i).withPairedItem(i);
                if (i < batchSize) {
                    batch.add(item);
                } else {
                    rest.add(ItemCodec.write(item));
                }
            }
            state.putArray("processedItems");
            state.put("currentRunIndex", 0);
            state.put("maxRunIndex", (input.size() + batchSize - 1) / batchSize);
        } else {
            state.put("currentRunIndex", state.path("currentRunIndex").asInt() + 1);
            ArrayNode rest = state.withArray("items");
            PairedItem.Source first = source(state.get("sourceData"));
            for (int n = 0; n < batchSize && !rest.isEmpty(); n++) {
                batch.add(overwritten(ItemCodec.read(rest.remove(0), "items"), first));
            }
            if (version >= 2) {
                // what came back through the loop, each paired with the run it came in with
                PairedItem.Source now = ctx.inputSource(0).orElse(null);
                ArrayNode processed = state.withArray("processedItems");
                for (int i = 0; i < input.size(); i++) {
                    processed.add(ItemCodec.write(input.get(i).withPairedItems(List.of(new PairedItem(i, 0, now)))));
                }
            }
        }
        state.put("noItemsLeft", state.withArray("items").isEmpty());
        if (version < 2) {
            // n8n's v1 returns null when exhausted: the branch stops and the node emits nothing.
            return NodeResult.of(batch);
        }
        state.put("done", batch.isEmpty());
        List<Item> done = batch.isEmpty() ? processed(state) : List.of();
        List<Item> loop = batch.isEmpty() ? List.of() : batch;
        return NodeResult.ports(version < 3 ? List.of(loop, done) : List.of(done, loop));
    }

    /** n8n's getPairedItemInformation: every pairing of a later batch's item points into the first run's input. */
    private static Item overwritten(Item item, PairedItem.Source first) {
        List<PairedItem> pairs = item.pairedItems();
        if (item.explicitlyUnpaired()) {
            return item; // n8n maps an empty array to an empty array
        }
        if (pairs.isEmpty()) {
            return item.withPairedItems(List.of(new PairedItem(0, 0, first)));
        }
        List<PairedItem> out = new ArrayList<>(pairs.size());
        for (PairedItem p : pairs) {
            out.add(p.withSourceOverwrite(first));
        }
        return item.withPairedItems(out);
    }

    private static ObjectNode source(PairedItem.Source src) {
        ObjectNode o = Json.object();
        o.put("previousNode", src.node());
        o.put("previousNodeOutput", src.output());
        o.put("previousNodeRun", src.run());
        return o;
    }

    private static PairedItem.Source source(JsonNode o) {
        if (o == null || !o.hasNonNull("previousNode")) {
            return null;
        }
        return new PairedItem.Source(
                o.get("previousNode").asText(),
                o.path("previousNodeOutput").asInt(0),
                o.path("previousNodeRun").asInt(0));
    }

    private static List<Item> processed(ObjectNode state) {
        List<Item> done = new ArrayList<>();
        for (JsonNode j : state.withArray("processedItems")) {
            done.add(ItemCodec.read(j, "processedItems"));
        }
        return done;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
