package io.hetumind.studio.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The run as stored and served: n8n's runData shape ({@link RunDataView}) where each node run also carries where its
 * inputs came from per input ({@code inputSource}); the detail view turns those references into the input items
 * ({@code inputData}), so items are stored once.
 */
public final class RunDataJson {
    private RunDataJson() {}

    /** The stored form of a state. */
    public static ObjectNode of(ExecutionState state) {
        ObjectNode root = RunDataView.toJson(state);
        ObjectNode runData = (ObjectNode) root.get("runData");
        for (String node : state.executedNodes()) {
            ArrayNode runs = (ArrayNode) runData.get(node);
            List<NodeRun> nodeRuns = state.runs(node);
            for (int i = 0; i < runs.size() && i < nodeRuns.size(); i++) {
                ArrayNode inputs = ((ObjectNode) runs.get(i)).putArray("inputSource");
                for (List<SourceRef> input : nodeRuns.get(i).source()) {
                    ArrayNode refs = inputs.addArray();
                    for (SourceRef ref : input) {
                        refs.addObject()
                                .put("node", ref.node())
                                .put("run", ref.run())
                                .put("output", ref.output());
                    }
                }
            }
        }
        return root;
    }

    /**
     * Adds {@code inputData: {main: [[items per input]]}} to every node run of a stored run, from its references: a
     * previous node's output, the trigger items, or one empty item; drops the references.
     */
    public static ObjectNode withInputs(ObjectNode stored, List<Item> triggerItems) {
        JsonNode runData = stored.path("runData");
        ArrayNode trigger = ItemCodec.writeAll(triggerItems == null ? List.of(Item.empty()) : triggerItems);
        for (Iterator<Map.Entry<String, JsonNode>> it = runData.fields(); it.hasNext(); ) {
            for (JsonNode run : it.next().getValue()) {
                ObjectNode r = (ObjectNode) run;
                ArrayNode main = r.putObject("inputData").putArray("main");
                for (JsonNode input : r.path("inputSource")) {
                    ArrayNode items = main.addArray();
                    for (JsonNode ref : input) {
                        items.addAll(resolve(runData, ref, trigger));
                    }
                }
                r.remove("inputSource");
            }
        }
        return stored;
    }

    private static ArrayNode resolve(JsonNode runData, JsonNode ref, ArrayNode trigger) {
        if (ref.path("node").isNull() || ref.path("node").isMissingNode()) {
            if (ref.path("run").asInt() < 0) {
                ArrayNode one = Json.array();
                one.addObject().putObject("json");
                return one;
            }
            return trigger;
        }
        JsonNode out = runData.path(ref.path("node").asText())
                .path(ref.path("run").asInt())
                .path("data")
                .path("main")
                .path(ref.path("output").asInt());
        return out.isArray() ? (ArrayNode) out : Json.array();
    }
}
