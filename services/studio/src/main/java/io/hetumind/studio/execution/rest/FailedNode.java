package io.hetumind.studio.execution.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.engine.Gzip;
import io.hetumind.studio.execution.ExecutionRow;
import io.hetumind.studio.execution.RunDataJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The node a failed execution stopped at and the input items it had (from the stored run), for a retry from there. */
record FailedNode(String node, List<Item> input) {

    static FailedNode of(ExecutionRow row, List<Item> triggerItems) {
        if (row.data() == null) {
            throw ProblemException.conflict("execution " + row.id() + " has no stored run to retry from");
        }
        ObjectNode run = RunDataJson.withInputs((ObjectNode) Json.parse(Gzip.decompress(row.data())), triggerItems);
        String failed = null;
        JsonNode failedRun = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = run.path("runData").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode last = e.getValue().get(e.getValue().size() - 1);
            if (last != null
                    && "error".equals(last.path("executionStatus").asText())
                    && (failed == null || e.getKey().equals(row.lastNode()))) {
                failed = e.getKey();
                failedRun = last;
            }
        }
        if (failed == null) {
            throw ProblemException.conflict("execution " + row.id() + " has no failed node; retry it from the start");
        }
        List<Item> items = new ArrayList<>();
        for (JsonNode input : failedRun.path("inputData").path("main")) {
            items.addAll(ItemCodec.readAll(input, "inputData"));
        }
        return new FailedNode(failed, items);
    }
}
