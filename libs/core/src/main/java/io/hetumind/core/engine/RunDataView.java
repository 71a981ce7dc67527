package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;

/** Renders an execution in n8n's run shape, so tools written for n8n read it unchanged. */
public final class RunDataView {

    private RunDataView() {}

    public static ObjectNode toJson(ExecutionState s) {
        ObjectNode root = Json.object();
        root.put("executionId", s.executionId());
        root.put("status", s.status().wire());
        if (s.startedAt() > 0) {
            root.put("startedAt", java.time.Instant.ofEpochMilli(s.startedAt()).toString());
        }
        if (s.finishedAt() > 0) {
            root.put("stoppedAt", java.time.Instant.ofEpochMilli(s.finishedAt()).toString());
        }
        ObjectNode runData = root.putObject("runData");
        for (String node : s.executedNodes()) {
            // a root's calls of its sub-nodes are runs of those sub-nodes, listed before the root as n8n lists them
            for (NodeRun run : s.runs(node)) {
                for (SubRun sub : run.subRuns()) {
                    ArrayNode subRuns = runData.has(sub.node())
                            ? (ArrayNode) runData.get(sub.node())
                            : runData.putArray(sub.node());
                    subRuns.add(subRun(sub));
                }
            }
            ArrayNode runs = runData.has(node) ? (ArrayNode) runData.get(node) : runData.putArray(node);
            for (NodeRun run : s.runs(node)) {
                runs.add(run(run));
            }
        }
        root.put("lastNodeExecuted", s.lastNodeExecuted());
        root.set("error", s.error() == null ? null : error(s.error()));
        if (s.status() == ExecutionStatus.WAITING) {
            root.put("waitReason", s.pauseReason());
        }
        return root;
    }

    static ObjectNode run(NodeRun run) {
        ObjectNode r = Json.object();
        r.put("startTime", run.startTime());
        r.put("executionTime", run.executionTimeMs());
        if (run.cost() != null) {
            r.put("cpuTime", run.cost().cpuNanos() / 1_000_000.0);
            r.put("allocatedBytes", run.cost().allocatedBytes());
        }
        r.put("executionStatus", run.status().wire());
        ArrayNode main = r.putObject("data").putArray("main");
        for (List<Item> port : run.outputs()) {
            main.add(ItemCodec.writeAll(port));
        }
        r.set("error", run.error() == null ? null : error(run.error()));
        ArrayNode source = r.putArray("source");
        for (List<SourceRef> input : run.source()) {
            for (SourceRef ref : input) {
                if (ref.node() == null) {
                    source.addNull();
                } else {
                    source.addObject()
                            .put("previousNode", ref.node())
                            .put("previousNodeOutput", ref.output())
                            .put("previousNodeRun", ref.run());
                }
            }
        }
        if (!run.console().isEmpty()) {
            ArrayNode console = r.putArray("console");
            run.console().forEach(console::add);
        }
        return r;
    }

    /**
     * A call of a sub-node as n8n records it ({@code addInputData} / {@code addOutputData}): {@code data} and {@code
     * inputOverride} under the connection type, {@code source} the node it was attached to.
     */
    static ObjectNode subRun(SubRun sub) {
        ObjectNode r = run(sub.run());
        ObjectNode data = Json.object();
        ArrayNode out = data.putArray(sub.connectionType());
        for (List<Item> port : sub.run().outputs()) {
            out.add(ItemCodec.writeAll(port));
        }
        r.set("data", data);
        r.putObject("inputOverride").putArray(sub.connectionType()).add(ItemCodec.writeAll(sub.input()));
        return r;
    }

    public static ObjectNode error(ExecutionError e) {
        return e.toJson();
    }
}
