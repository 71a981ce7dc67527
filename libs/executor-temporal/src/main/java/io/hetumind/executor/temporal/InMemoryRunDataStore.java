package io.hetumind.executor.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RunDataStore} in memory for one process (tests, a single-process studio). Values are kept as JSON text,
 * as a shared store would keep them, so what a worker reads back is what was written, never a live object.
 */
public final class InMemoryRunDataStore implements RunDataStore {

    private final Map<String, ExecutionInput> inputs = new ConcurrentHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    private static String key(String executionId, String kind, Object id) {
        return executionId + '\u0000' + kind + '\u0000' + id;
    }

    @Override
    public void putInput(ExecutionInput input, List<Item> triggerItems) {
        inputs.put(input.executionId(), input);
        values.put(key(input.executionId(), "trigger", ""), Json.write(ItemCodec.writeAll(triggerItems)));
    }

    @Override
    public Optional<ExecutionInput> input(String executionId) {
        return Optional.ofNullable(inputs.get(executionId));
    }

    @Override
    public List<Item> triggerItems(String executionId) {
        String json = values.get(key(executionId, "trigger", ""));
        return json == null ? List.of() : ItemCodec.readAll(Json.parse(json), "trigger");
    }

    @Override
    public void putRun(String executionId, NodeRun run) {
        values.put(key(executionId, "run", run.taskId()), Json.write(HostedSteps.runToJson(run)));
    }

    @Override
    public Optional<NodeRun> run(String executionId, long taskId) {
        String json = values.get(key(executionId, "run", taskId));
        return json == null ? Optional.empty() : Optional.of(HostedSteps.runFromJson(Json.parse(json)));
    }

    @Override
    public void putNodeState(String executionId, long taskId, ObjectNode state) {
        values.put(key(executionId, "state", taskId), Json.write(state));
    }

    @Override
    public Optional<ObjectNode> nodeState(String executionId, long taskId) {
        String json = values.get(key(executionId, "state", taskId));
        return json == null ? Optional.empty() : Optional.of((ObjectNode) Json.parse(json));
    }

    @Override
    public void putResumeOutputs(String executionId, String node, List<List<Item>> outputs) {
        ArrayNode ports = Json.array();
        outputs.forEach(p -> ports.add(ItemCodec.writeAll(p)));
        values.put(key(executionId, "resume", node), Json.write(ports));
    }

    @Override
    public Optional<List<List<Item>>> resumeOutputs(String executionId, String node) {
        String json = values.get(key(executionId, "resume", node));
        if (json == null) {
            return Optional.empty();
        }
        List<List<Item>> ports = new ArrayList<>();
        for (JsonNode p : Json.parse(json)) {
            ports.add(ItemCodec.readAll(p, "resume"));
        }
        return Optional.of(ports);
    }

    @Override
    public void putResponse(String executionId, WebhookResponse response) {
        values.put(key(executionId, "response", ""), ResponseCodec.write(response));
    }

    @Override
    public Optional<WebhookResponse> response(String executionId) {
        return Optional.ofNullable(values.get(key(executionId, "response", ""))).map(ResponseCodec::read);
    }

    @Override
    public void putContinuation(String executionId, int generation, String json) {
        values.put(key(executionId, "continuation", generation), json);
    }

    @Override
    public Optional<String> continuation(String executionId, int generation) {
        return Optional.ofNullable(values.get(key(executionId, "continuation", generation)));
    }

    @Override
    public void delete(String executionId) {
        inputs.remove(executionId);
        values.keySet().removeIf(k -> k.startsWith(executionId + '\u0000'));
    }
}
