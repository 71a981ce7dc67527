package io.hetumind.studio.execution.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.config.StudioConfig;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.execution.BinaryOwnership;
import io.hetumind.studio.execution.ExecutionService;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.studio.workflow.WorkflowVersions;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a saved workflow: waits for the run (up to a timeout) and answers it in n8n's runData shape, or answers 202 with
 * the execution id at once.
 */
@Path("/api/v1/workflows/{id}/execute")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowExecuteResource {
    static final long DEFAULT_TIMEOUT_MS = 30_000;
    static final long MAX_TIMEOUT_MS = 300_000;
    private static final int MAX_ITEMS = 10_000;

    private final Caller caller;
    private final WorkflowVersions workflows;
    private final ExecutionService executions;
    private final StudioConfig studio;
    private final BinaryOwnership ownership;

    public WorkflowExecuteResource(
            Caller caller,
            WorkflowVersions workflows,
            ExecutionService executions,
            StudioConfig studio,
            BinaryOwnership ownership) {
        this.caller = caller;
        this.workflows = workflows;
        this.executions = executions;
        this.studio = studio;
        this.ownership = ownership;
    }

    @POST
    public Response execute(@PathParam("id") String id, String rawBody) throws InterruptedException {
        ExecuteRequest body = Bodies.read(rawBody, ExecuteRequest.class);
        if (!studio.role().runsApi()) {
            throw ProblemException.notFound("this studio process runs workers only; the API");
        }
        caller.require(Permission.EXECUTION_RUN);
        ExecuteRequest req =
                body == null ? new ExecuteRequest(null, null, null, null, null, null, null, null, null) : body;
        Executions.Placement placement = placement(req.mode());
        long timeout = timeout(req.timeoutMs());
        List<Item> items = items(req);
        ownership.requireHeld(caller.tenantId(), items, "items");
        if (req.startNode() != null
                && (req.startNode().isBlank() || req.startNode().length() > 256)) {
            throw ProblemException.invalid("startNode", "must be a node name");
        }
        if (req.destinationNode() != null
                && (req.destinationNode().isBlank() || req.destinationNode().length() > 256)) {
            throw ProblemException.invalid("destinationNode", "must be a node name");
        }
        if (req.version() != null && req.version() < 1) {
            throw ProblemException.invalid("version", "must be at least 1");
        }
        UUID workflowId = workflowId(id);
        StoredWorkflow stored = (req.version() == null
                        ? workflows.head(caller.tenantId(), workflowId)
                        : workflows.find(caller.tenantId(), workflowId, req.version()))
                .orElseThrow(() -> ProblemException.notFound("workflow " + id));
        Executions.StartedExecution started = executions.start(new Executions.Launch(
                caller.tenantId(),
                workflowId,
                stored.version(),
                "manual",
                req.startNode(),
                items,
                placement,
                Map.of(),
                caller.subject(),
                req.destinationNode(),
                breakpoints(req.breakpoints())));
        if (Boolean.FALSE.equals(req.awaitRun())) {
            return accepted(started.executionId());
        }
        try {
            ExecutionResult result = started.result().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
            ObjectNode json = RunDataView.toJson(result.state());
            return Response.ok(json).build();
        } catch (TimeoutException e) {
            return accepted(started.executionId());
        } catch (ExecutionException e) {
            throw ProblemException.conflict("execution " + started.executionId() + " could not run: "
                    + e.getCause().getMessage());
        }
    }

    /** The breakpoints of an execute request: arrays of node names and a step flag, nothing else. */
    static Breakpoints breakpoints(JsonNode b) {
        if (b == null || b.isNull()) {
            return null;
        }
        if (!b.isObject()) {
            throw ProblemException.invalid("breakpoints", "must be an object with before, after and step");
        }
        for (var field : b.properties()) {
            if (!Set.of("before", "after", "step").contains(field.getKey())) {
                throw ProblemException.invalid("breakpoints." + field.getKey(), "is not a breakpoint setting");
            }
        }
        JsonNode step = b.path("step");
        if (!step.isMissingNode() && !step.isBoolean()) {
            throw ProblemException.invalid("breakpoints.step", "must be true or false");
        }
        return new Breakpoints(nodes(b, "before"), nodes(b, "after"), step.asBoolean(false));
    }

    private static Set<String> nodes(JsonNode b, String field) {
        JsonNode list = b.path(field);
        Set<String> out = new LinkedHashSet<>();
        if (list.isMissingNode()) {
            return out;
        }
        if (!list.isArray() || list.size() > 1000) {
            throw ProblemException.invalid("breakpoints." + field, "must be an array of node names");
        }
        for (JsonNode n : list) {
            if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 256) {
                throw ProblemException.invalid("breakpoints." + field, "must be an array of node names");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static Response accepted(String executionId) {
        return Response.accepted(Map.of("executionId", executionId, "status", "running"))
                .build();
    }

    private static Executions.Placement placement(String mode) {
        if (mode == null || mode.equals("queued")) {
            return Executions.Placement.QUEUED;
        }
        if (mode.equals("inline")) {
            return Executions.Placement.INLINE;
        }
        throw ProblemException.invalid("mode", "must be queued or inline");
    }

    private static long timeout(Long timeoutMs) {
        if (timeoutMs == null) {
            return DEFAULT_TIMEOUT_MS;
        }
        if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
            throw ProblemException.invalid("timeoutMs", "must be between 1 and " + MAX_TIMEOUT_MS);
        }
        return timeoutMs;
    }

    private static List<Item> items(ExecuteRequest req) {
        if (req.items() != null && req.data() != null) {
            throw ProblemException.invalid("data", "give items or data, not both");
        }
        if (req.data() != null) {
            if (!req.data().isObject()) {
                throw ProblemException.invalid("data", "must be a JSON object");
            }
            return List.of(Item.of((ObjectNode) req.data()));
        }
        if (req.items() == null) {
            return null;
        }
        if (!req.items().isArray()) {
            throw ProblemException.invalid("items", "must be an array of objects");
        }
        if (req.items().size() > MAX_ITEMS) {
            throw ProblemException.invalid("items", "at most " + MAX_ITEMS + " items");
        }
        List<Item> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : req.items()) {
            if (!n.isObject()) {
                throw ProblemException.invalid("items[" + i + "]", "must be an object");
            }
            try {
                out.add(
                        n.has("json") && n.get("json").isObject()
                                ? ItemCodec.read(n, "items[" + i + "]")
                                : Item.of((ObjectNode) n));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("items[" + i + "]", e.getMessage());
            }
            i++;
        }
        return out;
    }

    private static UUID workflowId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("workflow " + id);
        }
    }
}
