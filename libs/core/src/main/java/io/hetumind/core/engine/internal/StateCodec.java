package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.NodeRunStatus;
import io.hetumind.core.engine.RunInfo;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WaitingRun;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Compact JSON for execution states (snapshots). A snapshot may be taken at any moment,
 * including while nodes run: in-flight runs are kept as running, so replaying the journal after
 * the snapshot (their NodeFinished included) rebuilds the very state, and a recovery that finds
 * them still running re-queues them as crashed. Format version {@code v} guards changes; version
 * 1 (which wrote in-flight runs as queued) is still read.
 */
public final class StateCodec {

    static final int VERSION = 2;

    private StateCodec() {}

    public static String write(MachineState s) {
        return Json.write(toTree(s));
    }

    public static ObjectNode toTree(MachineState s) {
        ObjectNode o = Json.object();
        o.put("v", VERSION).put("id", s.executionId);
        if (s.info != null) {
            RunInfo i = s.info;
            o.put("workflowId", i.workflowId()).put("workflowVersion", i.workflowVersion());
            o.put("mode", i.mode()).put("parent", i.parentExecutionId());
            o.put("parallel", i.parallel()).put("maxParallel", i.maxParallel());
            o.put("pinData", i.usePinData()).put("durability", i.durability().name());
        }
        o.put("status", s.status.name()).put("pauseReason", s.pauseReason);
        if (s.breakHit != null) {
            o.putObject("breakHit")
                    .put("at", s.breakHit.at())
                    .put("task", s.breakHit.taskId())
                    .put("node", s.breakHit.node())
                    .put("after", s.breakHit.after());
        }
        if (s.passedBreak != 0) {
            o.put("passedBreak", s.passedBreak);
        }
        o.put("startedAt", s.startedAt).put("finishedAt", s.finishedAt).put("seq", s.seq);
        o.put("nextTaskId", s.nextTaskId).put("startNode", s.startNode);
        o.set("trigger", ItemCodec.writeAll(s.triggerItems));
        ObjectNode runData = o.putObject("runData");
        for (String node : s.executedNodes()) {
            ArrayNode runs = runData.putArray(node);
            for (NodeRun r : s.runs(node)) {
                runs.add(writeRun(r));
            }
        }
        ObjectNode states = o.putObject("nodeState");
        s.nodeState.forEach(states::set);
        ObjectNode pending = o.putObject("pending");
        s.pending.forEach((node, inputs) -> {
            ArrayNode arr = pending.putArray(node);
            inputs.forEach(q -> arr.add(writeRefs(q)));
        });
        ArrayNode running = o.putArray("running");
        s.running.values().forEach(t -> running.add(writeTask(t)));
        ArrayNode ready = o.putArray("ready");
        s.ready.forEach(t -> ready.add(writeTask(t)));
        ArrayNode waiting = o.putArray("waiting");
        for (WaitingRun w : s.waiting) {
            waiting.addObject()
                    .put("start", w.startTime())
                    .put("until", w.until())
                    .<ObjectNode>set("task", writeTask(w.task()))
                    .set("out", writePorts(w.outputs()));
        }
        o.put("last", s.lastNodeExecuted);
        o.set("error", s.error == null ? null : s.error.toJson());
        return o;
    }

    public static MachineState read(String json) {
        return fromTree(Json.parse(json));
    }

    public static MachineState fromTree(JsonNode o) {
        int version = o.path("v").asInt();
        if (version != VERSION && version != 1) {
            throw new IllegalArgumentException("unsupported execution state version " + o.path("v"));
        }
        MachineState s = new MachineState(o.path("id").asText());
        if (o.has("mode")) {
            s.info = new RunInfo(
                    o.path("mode").asText(),
                    text(o.get("parent")),
                    text(o.get("workflowId")),
                    o.path("workflowVersion").asInt(),
                    o.path("parallel").asBoolean(true),
                    o.path("maxParallel").asInt(),
                    o.path("pinData").asBoolean(false),
                    o.has("durability")
                            ? Durability.valueOf(o.path("durability").asText())
                            : null);
        }
        s.status = ExecutionStatus.valueOf(o.path("status").asText());
        s.pauseReason = text(o.get("pauseReason"));
        JsonNode hit = o.get("breakHit");
        if (hit != null && hit.isObject()) {
            s.breakHit = new ExecutionEvent.BreakHit(
                    hit.path("at").asLong(),
                    hit.path("task").asLong(),
                    hit.path("node").asText(),
                    hit.path("after").asBoolean());
        }
        s.passedBreak = o.path("passedBreak").asLong(0);
        s.startedAt = o.path("startedAt").asLong();
        s.finishedAt = o.path("finishedAt").asLong();
        s.seq = o.path("seq").asLong();
        s.nextTaskId = o.path("nextTaskId").asLong(1);
        s.startNode = text(o.get("startNode"));
        s.triggerItems = ItemCodec.readAll(o.get("trigger"), "trigger");
        for (var e : o.path("runData").properties()) {
            List<NodeRun> runs = new CopyOnWriteArrayList<>();
            for (JsonNode r : e.getValue()) {
                runs.add(readRun(r));
            }
            s.runData.put(e.getKey(), runs);
            s.runOrder.add(e.getKey());
        }
        for (var e : o.path("nodeState").properties()) {
            s.nodeState.put(e.getKey(), (ObjectNode) e.getValue());
        }
        for (var e : o.path("pending").properties()) {
            List<Deque<SourceRef>> inputs = new ArrayList<>();
            for (JsonNode q : e.getValue()) {
                inputs.add(new ArrayDeque<>(readRefs(q)));
            }
            s.pending.put(e.getKey(), inputs);
        }
        for (JsonNode t : o.path("running")) {
            Task task = readTask(t);
            s.running.put(task.id(), task);
        }
        for (JsonNode t : o.path("ready")) {
            s.ready.add(readTask(t));
        }
        for (JsonNode w : o.path("waiting")) {
            s.waiting.add(new WaitingRun(
                    readTask(w.get("task")),
                    w.path("start").asLong(),
                    w.path("until").asLong(),
                    readPorts(w.get("out"))));
        }
        s.lastNodeExecuted = text(o.get("last"));
        s.error = ExecutionError.fromJson(o.get("error"));
        return s;
    }

    public static ObjectNode writeRun(NodeRun r) {
        ObjectNode o = Json.object();
        o.put("task", r.taskId()).put("status", r.status().name()).put("start", r.startTime());
        o.put("ms", r.executionTimeMs()).put("tries", r.tries());
        o.set("out", writePorts(r.outputs()));
        if (r.error() != null) {
            o.set("error", r.error().toJson());
        }
        ArrayNode src = o.putArray("src");
        r.source().forEach(in -> src.add(writeRefs(in)));
        if (!r.console().isEmpty()) {
            ArrayNode c = o.putArray("console");
            r.console().forEach(c::add);
        }
        EventCodec.writeCost(o, r.cost());
        writeSubRuns(o, r.subRuns());
        return o;
    }

    /** The calls of sub-nodes a run made, as {@code sub: [{node, type, in, run}]}; nothing when there are none. */
    static void writeSubRuns(ObjectNode o, List<io.hetumind.core.engine.SubRun> subRuns) {
        if (subRuns.isEmpty()) {
            return;
        }
        ArrayNode arr = o.putArray("sub");
        for (io.hetumind.core.engine.SubRun sub : subRuns) {
            ObjectNode s = arr.addObject().put("node", sub.node()).put("type", sub.connectionType());
            s.set("in", io.hetumind.core.format.ItemCodec.writeAll(sub.input()));
            s.set("run", writeRun(sub.run()));
        }
    }

    static List<io.hetumind.core.engine.SubRun> readSubRuns(JsonNode o) {
        List<io.hetumind.core.engine.SubRun> out = new ArrayList<>();
        for (JsonNode s : o.path("sub")) {
            out.add(new io.hetumind.core.engine.SubRun(
                    text(s.get("node")),
                    text(s.get("type")),
                    io.hetumind.core.format.ItemCodec.readAll(s.get("in"), "in"),
                    readRun(s.get("run"))));
        }
        return out;
    }

    public static NodeRun readRun(JsonNode o) {
        List<String> console = new ArrayList<>();
        o.path("console").forEach(c -> console.add(c.asText()));
        List<List<SourceRef>> src = new ArrayList<>();
        o.path("src").forEach(in -> src.add(readRefs(in)));
        return new NodeRun(
                o.path("task").asLong(),
                NodeRunStatus.valueOf(o.path("status").asText()),
                o.path("start").asLong(),
                o.path("ms").asLong(),
                readPorts(o.get("out")),
                ExecutionError.fromJson(o.get("error")),
                src,
                console,
                o.path("tries").asInt(1),
                EventCodec.readCost(o),
                readSubRuns(o));
    }

    static ArrayNode writePorts(List<List<Item>> ports) {
        ArrayNode arr = Json.array();
        ports.forEach(p -> arr.add(ItemCodec.writeAll(p)));
        return arr;
    }

    static List<List<Item>> readPorts(JsonNode arr) {
        List<List<Item>> ports = new ArrayList<>();
        if (arr != null) {
            for (JsonNode p : arr) {
                ports.add(ItemCodec.readAll(p, "out"));
            }
        }
        return ports;
    }

    static ObjectNode writeTask(Task t) {
        ObjectNode o = Json.object().put("id", t.id()).put("node", t.node()).put("try", t.tryNumber());
        o.put("notBefore", t.notBefore());
        if (t.lost() > 0) {
            o.put("lost", t.lost());
        }
        ArrayNode in = o.putArray("in");
        t.inputs().forEach(refs -> in.add(writeRefs(refs)));
        return o;
    }

    static Task readTask(JsonNode o) {
        List<List<SourceRef>> inputs = new ArrayList<>();
        o.path("in").forEach(refs -> inputs.add(readRefs(refs)));
        return new Task(
                o.path("id").asLong(),
                o.path("node").asText(),
                inputs,
                o.path("try").asInt(1),
                o.path("notBefore").asLong(),
                o.path("lost").asInt(0));
    }

    static ArrayNode writeRefs(Iterable<SourceRef> refs) {
        ArrayNode arr = Json.array();
        for (SourceRef r : refs) {
            ArrayNode ref = arr.addArray();
            if (r.node() == null) {
                ref.addNull();
            } else {
                ref.add(r.node());
            }
            ref.add(r.run()).add(r.output());
        }
        return arr;
    }

    static List<SourceRef> readRefs(JsonNode arr) {
        List<SourceRef> refs = new ArrayList<>();
        for (JsonNode r : arr) {
            refs.add(new SourceRef(text(r.get(0)), r.get(1).asInt(), r.get(2).asInt()));
        }
        return refs;
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
