package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionEvent.BreakHit;
import io.hetumind.core.engine.ExecutionEvent.Canceled;
import io.hetumind.core.engine.ExecutionEvent.Continued;
import io.hetumind.core.engine.ExecutionEvent.Crashed;
import io.hetumind.core.engine.ExecutionEvent.Finished;
import io.hetumind.core.engine.ExecutionEvent.NodeDeferred;
import io.hetumind.core.engine.ExecutionEvent.NodeFailed;
import io.hetumind.core.engine.ExecutionEvent.NodeFinished;
import io.hetumind.core.engine.ExecutionEvent.NodeStarted;
import io.hetumind.core.engine.ExecutionEvent.NodeWaiting;
import io.hetumind.core.engine.ExecutionEvent.Paused;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.engine.ExecutionEvent.Started;
import io.hetumind.core.engine.NodeCost;
import io.hetumind.core.engine.RunInfo;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;

/** One-line JSON for execution events, as journaled by checkpointers. */
public final class EventCodec {

    private EventCodec() {}

    public static String write(ExecutionEvent event) {
        ObjectNode o = Json.object();
        o.put("t", event.getClass().getSimpleName()).put("at", event.at());
        switch (event) {
            case Started e -> {
                o.put("node", e.startNode()).set("items", ItemCodec.writeAll(e.triggerItems()));
                RunInfo i = e.info();
                o.put("mode", i.mode()).put("parent", i.parentExecutionId());
                o.put("workflowId", i.workflowId()).put("workflowVersion", i.workflowVersion());
                o.put("parallel", i.parallel()).put("maxParallel", i.maxParallel());
                o.put("pinData", i.usePinData())
                        .put("durability", i.durability().name());
            }
            case NodeDeferred e ->
                o.put("task", e.taskId()).put("node", e.node()).put("notBefore", e.notBefore());
            case NodeStarted e -> o.put("task", e.taskId()).put("node", e.node());
            case NodeFinished e -> {
                o.put("task", e.taskId()).put("node", e.node()).put("start", e.startTime());
                o.put("ms", e.executionTimeMs()).set("out", StateCodec.writePorts(e.outputs()));
                o.set("state", e.nodeState());
                o.set("console", strings(e.console()));
                o.set("error", e.error() == null ? null : e.error().toJson());
                writeCost(o, e.cost());
                StateCodec.writeSubRuns(o, e.subRuns());
            }
            case NodeFailed e -> {
                o.put("task", e.taskId()).put("node", e.node()).put("start", e.startTime());
                o.put("ms", e.executionTimeMs()).put("retryAt", e.retryAt());
                o.set("error", e.error().toJson());
                o.set("console", strings(e.console()));
                writeCost(o, e.cost());
                StateCodec.writeSubRuns(o, e.subRuns());
            }
            case NodeWaiting e -> {
                o.put("task", e.taskId())
                        .put("node", e.node())
                        .put("start", e.startTime())
                        .put("until", e.until());
                o.set("out", StateCodec.writePorts(e.outputs()));
                o.set("state", e.nodeState());
            }
            case Resumed e ->
                o.put("node", e.node()).set("out", e.outputs() == null ? null : StateCodec.writePorts(e.outputs()));
            case Paused e -> o.put("reason", e.reason());
            case BreakHit e -> o.put("task", e.taskId()).put("node", e.node()).put("after", e.after());
            case Canceled e -> o.put("reason", e.reason());
            case Continued e -> {}
            case Crashed e -> {
                if (!e.counted()) {
                    o.put("interrupted", true);
                }
            }
            case Finished e -> {}
        }
        return Json.write(o);
    }

    static void writeCost(ObjectNode o, NodeCost cost) {
        if (cost != null) {
            o.put("cpu", cost.cpuNanos()).put("alloc", cost.allocatedBytes());
        }
    }

    static NodeCost readCost(JsonNode o) {
        return o.has("cpu")
                ? new NodeCost(o.path("cpu").asLong(), o.path("alloc").asLong())
                : null;
    }

    public static ExecutionEvent read(String line) {
        JsonNode o = Json.parse(line);
        long at = o.path("at").asLong();
        String node = StateCodec.text(o.get("node"));
        long task = o.path("task").asLong();
        return switch (o.path("t").asText()) {
            case "Started" ->
                new Started(
                        at,
                        node,
                        ItemCodec.readAll(o.get("items"), "items"),
                        new RunInfo(
                                StateCodec.text(o.get("mode")),
                                StateCodec.text(o.get("parent")),
                                StateCodec.text(o.get("workflowId")),
                                o.path("workflowVersion").asInt(),
                                o.path("parallel").asBoolean(true),
                                o.path("maxParallel").asInt(),
                                o.path("pinData").asBoolean(false),
                                o.hasNonNull("durability")
                                        ? Durability.valueOf(
                                                o.path("durability").asText())
                                        : null));
            case "NodeDeferred" ->
                new NodeDeferred(at, task, node, o.path("notBefore").asLong());
            case "NodeStarted" -> new NodeStarted(at, task, node);
            case "NodeFinished" ->
                new NodeFinished(
                        at,
                        task,
                        node,
                        o.path("start").asLong(),
                        o.path("ms").asLong(),
                        StateCodec.readPorts(o.get("out")),
                        objectOrNull(o.get("state")),
                        strings(o.get("console")),
                        ExecutionError.fromJson(o.get("error")),
                        readCost(o),
                        StateCodec.readSubRuns(o));
            case "NodeFailed" ->
                new NodeFailed(
                        at,
                        task,
                        node,
                        o.path("start").asLong(),
                        o.path("ms").asLong(),
                        ExecutionError.fromJson(o.get("error")),
                        strings(o.get("console")),
                        o.path("retryAt").asLong(),
                        readCost(o),
                        StateCodec.readSubRuns(o));
            case "NodeWaiting" ->
                new NodeWaiting(
                        at,
                        task,
                        node,
                        o.path("start").asLong(),
                        o.path("until").asLong(),
                        StateCodec.readPorts(o.get("out")),
                        objectOrNull(o.get("state")));
            case "Resumed" -> new Resumed(at, node, o.hasNonNull("out") ? StateCodec.readPorts(o.get("out")) : null);
            case "Paused" -> new Paused(at, o.path("reason").asText());
            case "BreakHit" -> new BreakHit(at, task, node, o.path("after").asBoolean());
            case "Canceled" -> new Canceled(at, o.path("reason").asText());
            case "Continued" -> new Continued(at);
            case "Crashed" -> new Crashed(at, !o.path("interrupted").asBoolean(false));
            case "Finished" -> new Finished(at);
            default -> throw new IllegalArgumentException("unknown event type " + o.path("t"));
        };
    }

    private static ArrayNode strings(List<String> lines) {
        ArrayNode arr = Json.array();
        lines.forEach(arr::add);
        return arr;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null) {
            arr.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static ObjectNode objectOrNull(JsonNode n) {
        return n instanceof ObjectNode obj ? obj : null;
    }
}
