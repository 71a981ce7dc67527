package io.hetumind.studio.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeCost;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.NodeRunStatus;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.engine.Gzip;
import io.hetumind.studio.execution.ExecutionRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Temporal run read back from its execution record, for a {@code wait=true} caller on a studio that did not run it:
 * a native run is recovered from its checkpoint there, but a Temporal run has none, and its run-data store rows are
 * deleted in the transaction that records it. The record's stored run (n8n's runData shape plus each run's
 * {@code inputSource}) holds everything {@link io.hetumind.core.engine.RunDataView} renders, so the state rebuilt here
 * renders the same JSON as the one the running studio settled.
 */
public final class RecordedRun {

    private RecordedRun() {}

    /** The state of the recorded run; without stored data (a run its workflow does not keep), its header only. */
    public static ExecutionState state(ExecutionRow row) {
        String id = row.id().toString();
        JsonNode stored = row.data() == null ? Json.object() : Json.parse(Gzip.decompress(row.data()));
        Map<String, List<NodeRun>> runs = new LinkedHashMap<>();
        long taskId = 0;
        for (var node : stored.path("runData").properties()) {
            List<NodeRun> list = new ArrayList<>();
            for (JsonNode run : node.getValue()) {
                list.add(run(++taskId, run));
            }
            runs.put(node.getKey(), list);
        }
        ExecutionStatus status = executionStatus(text(stored, "status", row.status()), row);
        JsonNode error = stored.path("error");
        return HostedSteps.view(
                new HostedSteps.ViewHeader(
                        id,
                        null,
                        status,
                        text(stored, "waitReason", null),
                        instant(stored, "startedAt", row.startedAt()),
                        instant(stored, "stoppedAt", row.finishedAt()),
                        null,
                        List.of(),
                        text(stored, "lastNodeExecuted", row.lastNode()),
                        error.isObject()
                                ? ExecutionError.fromJson(error)
                                : row.errorMessage() == null
                                        ? null
                                        : ExecutionError.of(row.errorMessage(), row.lastNode(), null)),
                runs,
                Map.of());
    }

    private static NodeRun run(long taskId, JsonNode run) {
        List<List<Item>> outputs = new ArrayList<>();
        for (JsonNode port : run.path("data").path("main")) {
            outputs.add(ItemCodec.readAll(port, "recorded run"));
        }
        List<List<SourceRef>> source = new ArrayList<>();
        for (JsonNode input : run.path("inputSource")) {
            List<SourceRef> refs = new ArrayList<>();
            for (JsonNode ref : input) {
                refs.add(new SourceRef(
                        ref.path("node").isTextual() ? ref.path("node").asText() : null,
                        ref.path("run").asInt(),
                        ref.path("output").asInt()));
            }
            source.add(refs);
        }
        List<String> console = new ArrayList<>();
        run.path("console").forEach(line -> console.add(line.asText()));
        JsonNode error = run.path("error");
        return new NodeRun(
                taskId,
                runStatus(run.path("executionStatus").asText()),
                run.path("startTime").asLong(),
                run.path("executionTime").asLong(),
                outputs,
                error.isObject() ? ExecutionError.fromJson(error) : null,
                source,
                console,
                1,
                run.has("cpuTime")
                        ? new NodeCost(
                                Math.round(run.path("cpuTime").asDouble() * 1_000_000.0),
                                run.path("allocatedBytes").asLong())
                        : null);
    }

    private static ExecutionStatus executionStatus(String wire, ExecutionRow row) {
        for (ExecutionStatus s : ExecutionStatus.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalStateException("execution " + row.id() + " has the unknown status '" + wire + "'");
    }

    private static NodeRunStatus runStatus(String wire) {
        for (NodeRunStatus s : NodeRunStatus.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalStateException("a recorded node run has the unknown status '" + wire + "'");
    }

    private static String text(JsonNode o, String field, String fallback) {
        JsonNode n = o.path(field);
        return n.isTextual() ? n.asText() : fallback;
    }

    private static long instant(JsonNode o, String field, Instant fallback) {
        JsonNode n = o.path(field);
        if (n.isTextual()) {
            return Instant.parse(n.asText()).toEpochMilli();
        }
        return fallback == null ? 0 : fallback.toEpochMilli();
    }
}
