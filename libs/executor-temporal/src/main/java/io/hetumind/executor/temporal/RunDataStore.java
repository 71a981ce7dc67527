package io.hetumind.executor.temporal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.List;
import java.util.Optional;

/**
 * Where the Temporal backend keeps item data, so that Temporal's history holds only references: an execution's input,
 * its trigger items, every node run (outputs, console, error) by task id, node state by the task that wrote it, outputs handed in by an outside resume, and a webhook response. Writes are idempotent (an activity tried again overwrites its own keys).
 * Shared by the host that starts executions and every worker that runs their activities.
 */
public interface RunDataStore {

    void putInput(ExecutionInput input, List<Item> triggerItems);

    Optional<ExecutionInput> input(String executionId);

    List<Item> triggerItems(String executionId);

    void putRun(String executionId, NodeRun run);

    Optional<NodeRun> run(String executionId, long taskId);

    void putNodeState(String executionId, long taskId, ObjectNode state);

    Optional<ObjectNode> nodeState(String executionId, long taskId);

    void putResumeOutputs(String executionId, String node, List<List<Item>> outputs);

    Optional<List<List<Item>>> resumeOutputs(String executionId, String node);

    /**
     * Keeps the answer a node of the execution gave to the webhook request that started it (Respond to Webhook on a
     * worker), for the host that holds the request; written once per run, a repeated try overwrites it.
     */
    void putResponse(String executionId, WebhookResponse response);

    Optional<WebhookResponse> response(String executionId);

    /**
     * Keeps what generation {@code generation} of the execution's workflow hands on when it continues as new (the
     * machine's snapshot and the workflow's own bookkeeping, JSON text), so only the generation number goes through
     * Temporal; written once per generation, a repeated write overwrites it.
     */
    void putContinuation(String executionId, int generation, String json);

    Optional<String> continuation(String executionId, int generation);

    void delete(String executionId);
}
