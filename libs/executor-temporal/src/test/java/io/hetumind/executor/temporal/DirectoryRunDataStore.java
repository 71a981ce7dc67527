package io.hetumind.executor.temporal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RunDataStore} shared by several processes through one directory (a file per key, written atomically): the
 * store of the worker-kill test, whose workers run in processes of their own.
 */
final class DirectoryRunDataStore implements RunDataStore {

    private final Path dir;

    DirectoryRunDataStore(Path dir) {
        this.dir = dir;
    }

    private Path file(String executionId, String kind, Object id) {
        return dir.resolve(URLEncoder.encode(executionId + "~" + kind + "~" + id, StandardCharsets.UTF_8));
    }

    private void write(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(dir, ".part", "");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void putInput(ExecutionInput input, List<Item> triggerItems) {
        try {
            write(file(input.executionId(), "input", ""), Json.writer().writeValueAsString(input));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        write(file(input.executionId(), "trigger", ""), Json.write(ItemCodec.writeAll(triggerItems)));
    }

    @Override
    public Optional<ExecutionInput> input(String executionId) {
        return read(file(executionId, "input", "")).map(text -> {
            try {
                return Json.reader(ExecutionInput.class).readValue(text);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public List<Item> triggerItems(String executionId) {
        return read(file(executionId, "trigger", ""))
                .map(text -> ItemCodec.readAll(Json.parse(text), "trigger"))
                .orElse(List.of());
    }

    @Override
    public void putRun(String executionId, NodeRun run) {
        write(file(executionId, "run", run.taskId()), Json.write(HostedSteps.runToJson(run)));
    }

    @Override
    public Optional<NodeRun> run(String executionId, long taskId) {
        return read(file(executionId, "run", taskId)).map(text -> HostedSteps.runFromJson(Json.parse(text)));
    }

    @Override
    public void putNodeState(String executionId, long taskId, ObjectNode state) {
        write(file(executionId, "state", taskId), Json.write(state));
    }

    @Override
    public Optional<ObjectNode> nodeState(String executionId, long taskId) {
        return read(file(executionId, "state", taskId)).map(text -> (ObjectNode) Json.parse(text));
    }

    @Override
    public void putResumeOutputs(String executionId, String node, List<List<Item>> outputs) {
        ArrayNode ports = Json.array();
        outputs.forEach(port -> ports.add(ItemCodec.writeAll(port)));
        write(file(executionId, "resume", node), Json.write(ports));
    }

    @Override
    public Optional<List<List<Item>>> resumeOutputs(String executionId, String node) {
        return read(file(executionId, "resume", node)).map(text -> {
            List<List<Item>> ports = new ArrayList<>();
            for (JsonNode port : Json.parse(text)) {
                ports.add(ItemCodec.readAll(port, "resume"));
            }
            return ports;
        });
    }

    @Override
    public void putResponse(String executionId, io.hetumind.core.spi.trigger.WebhookResponse response) {
        write(file(executionId, "response", ""), ResponseCodec.write(response));
    }

    @Override
    public Optional<io.hetumind.core.spi.trigger.WebhookResponse> response(String executionId) {
        return read(file(executionId, "response", "")).map(ResponseCodec::read);
    }

    @Override
    public void putContinuation(String executionId, int generation, String json) {
        write(file(executionId, "continuation", generation), json);
    }

    @Override
    public Optional<String> continuation(String executionId, int generation) {
        return read(file(executionId, "continuation", generation));
    }

    @Override
    public void delete(String executionId) {
        String prefix = URLEncoder.encode(executionId + "~", StandardCharsets.UTF_8);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
