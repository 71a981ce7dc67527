package io.hetumind.studio.execution.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.PausedView;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.config.StudioConfig;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.engine.Gzip;
import io.hetumind.studio.execution.Debugging;
import io.hetumind.studio.execution.ExecutionRecords;
import io.hetumind.studio.execution.ExecutionRow;
import io.hetumind.studio.execution.ExecutionService;
import io.hetumind.studio.execution.LaunchDoc;
import io.hetumind.studio.execution.Pruner;
import io.hetumind.studio.execution.RunDataJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Executions of the caller's tenant: list, detail with every node's input and output, cancel, retry, delete. */
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {
    private static final Set<String> STATUSES =
            Set.of("new", "running", "waiting", "success", "error", "canceled", "crashed");

    private final Caller caller;
    private final ExecutionRecords records;
    private final ExecutionService executions;
    private final Pruner pruner;
    private final StudioConfig studio;
    private final Debugging debugging;

    public ExecutionResource(
            Caller caller,
            ExecutionRecords records,
            ExecutionService executions,
            Pruner pruner,
            StudioConfig studio,
            Debugging debugging) {
        this.debugging = debugging;
        this.caller = caller;
        this.records = records;
        this.executions = executions;
        this.pruner = pruner;
        this.studio = studio;
    }

    @GET
    public Page<ExecutionView> list(
            @QueryParam("workflowId") String workflowId,
            @QueryParam("status") String status,
            @QueryParam("mode") String mode,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("customDataKey") String customDataKey,
            @QueryParam("customDataValue") String customDataValue)
            throws SQLException {
        require(Permission.WORKFLOW_READ);
        if (customDataKey != null && (customDataKey.isEmpty() || customDataKey.length() > 50)) {
            throw ProblemException.invalid("customDataKey", "must be 1 to 50 characters");
        }
        if (customDataValue != null && customDataKey == null) {
            throw ProblemException.invalid("customDataValue", "needs customDataKey: the key whose value to match");
        }
        PageRequest page = PageRequest.of(limit, cursor);
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid(
                    "status",
                    "must be one of "
                            + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        if (mode != null && (mode.isBlank() || mode.length() > 64)) {
            throw ProblemException.invalid("mode", "must be 1 to 64 characters");
        }
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (f != null && t != null && !f.isBefore(t)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        UUID wf = workflowId == null ? null : uuid("workflowId", workflowId);
        List<ExecutionRow> rows = records.list(
                caller.tenantId(),
                new ExecutionRecords.Filter(wf, status, mode, f, t, customDataKey, customDataValue),
                page.after(),
                page.limit());
        return Page.of(rows, page, ExecutionRow::id, ExecutionView::of);
    }

    @GET
    @Path("{id}")
    public ObjectNode get(@PathParam("id") String id) throws SQLException {
        require(Permission.WORKFLOW_READ);
        ExecutionRow row = find(id);
        ObjectNode run;
        if (row.data() != null) {
            run = (ObjectNode) Json.parse(Gzip.decompress(row.data()));
        } else {
            ExecutionState live = "new".equals(row.status()) ? null : executions.liveState(row);
            run = live != null ? RunDataJson.of(live) : Json.object();
            if (!run.has("runData")) {
                run.putObject("runData");
            }
        }
        run = RunDataJson.withInputs(run, LaunchDoc.parse(row.launchJson()).items());
        ObjectNode out = Json.object();
        out.put("id", row.id().toString());
        out.put("executionId", row.id().toString());
        out.put("workflowId", row.workflowId().toString());
        out.put("workflowVersion", row.workflowVersion());
        out.put("mode", row.mode());
        out.put("status", row.status());
        out.put("createdAt", row.createdAt().toString());
        putInstant(out, "startedAt", row.startedAt());
        putInstant(out, "stoppedAt", row.finishedAt());
        putInstant(out, "waitTill", row.waitTill());
        out.put("retryOf", row.retryOf() == null ? null : row.retryOf().toString());
        var customData = out.putObject("customData");
        io.hetumind.studio.execution.CustomData.parse(row.customDataJson()).forEach(customData::put);
        out.set("runData", run.path("runData"));
        out.set(
                "lastNodeExecuted",
                run.hasNonNull("lastNodeExecuted") ? run.get("lastNodeExecuted") : Json.F.textNode(row.lastNode()));
        JsonNode error = run.path("error");
        out.set(
                "error",
                error.isObject()
                        ? error
                        : row.errorMessage() == null
                                ? Json.F.nullNode()
                                : Json.object().put("message", row.errorMessage()));
        if (run.has("waitReason")) {
            out.set("waitReason", run.get("waitReason"));
        }
        return out;
    }

    /** An execution held at a breakpoint: the node, before or after, its input and output items. */
    @GET
    @Path("{id}/paused")
    public ObjectNode paused(@PathParam("id") String id) throws SQLException {
        require(Permission.WORKFLOW_READ);
        PausedView v = debugging.paused(caller.tenantId(), uuidOr404(id));
        ObjectNode out = Json.object();
        out.put("executionId", id);
        out.put("node", v.node());
        out.put("when", v.after() ? "after" : "before");
        ArrayNode inputs = out.putArray("inputs");
        v.inputs().forEach(p -> inputs.add(ItemCodec.writeAll(p)));
        ArrayNode outputs = out.putArray("outputs");
        v.outputs().forEach(p -> outputs.add(ItemCodec.writeAll(p)));
        return out;
    }

    /** Evaluates an expression in the held node's context, for one of its input items. */
    @POST
    @Path("{id}/evaluate")
    public ObjectNode evaluate(@PathParam("id") String id, String rawBody) throws SQLException {
        EvaluateRequest body = Bodies.read(rawBody, EvaluateRequest.class);
        require(Permission.EXECUTION_RUN);
        if (body == null || body.expression() == null || body.expression().isBlank()) {
            throw ProblemException.invalid("expression", "is required");
        }
        if (body.expression().length() > 10_000) {
            throw ProblemException.invalid("expression", "must be at most 10 000 characters");
        }
        int item = body.item() == null ? 0 : body.item();
        PausedView v = debugging.paused(caller.tenantId(), uuidOr404(id));
        String expression = body.expression().startsWith("=") ? body.expression() : "={{ " + body.expression() + " }}";
        ObjectNode out = Json.object();
        try {
            out.set("value", v.evaluate(expression, item));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("item", e.getMessage());
        } catch (RuntimeException e) {
            out.put("error", e.getMessage());
        }
        return out;
    }

    /** Goes on with an execution held at a breakpoint: to the next one, or ({@code step}) one node. */
    @POST
    @Path("{id}/continue")
    public Response proceed(@PathParam("id") String id, String rawBody) throws SQLException {
        ContinueRequest body = Bodies.read(rawBody, ContinueRequest.class);
        require(Permission.EXECUTION_RUN);
        boolean step = body != null && Boolean.TRUE.equals(body.step());
        Executions.StartedExecution started = debugging.proceed(caller.tenantId(), uuidOr404(id), step);
        return Response.accepted(Map.of("executionId", started.executionId(), "status", "running"))
                .build();
    }

    /** Body of {@code POST …/evaluate}. */
    public record EvaluateRequest(String expression, Integer item) {}

    /** Body of {@code POST …/continue}. */
    public record ContinueRequest(Boolean step) {}

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id) throws SQLException {
        require(Permission.EXECUTION_RUN);
        executions.cancel(caller.tenantId(), uuidOr404(id));
        return Response.accepted(Map.of("executionId", id, "status", "canceling"))
                .build();
    }

    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id, String rawBody) throws SQLException {
        RetryRequest body = Bodies.read(rawBody, RetryRequest.class);
        require(Permission.EXECUTION_RUN);
        String from = body == null || body.from() == null ? "start" : body.from();
        if (!from.equals("start") && !from.equals("failed")) {
            throw ProblemException.invalid("from", "must be start or failed");
        }
        ExecutionRow row = find(id);
        if (!"error".equals(row.status()) && !"canceled".equals(row.status())) {
            throw ProblemException.conflict(
                    "only failed or canceled executions are retried; this one is " + row.status());
        }
        LaunchDoc launch = LaunchDoc.parse(row.launchJson());
        String startNode = launch.startNode();
        List<Item> items = launch.items();
        if (from.equals("failed")) {
            FailedNode failed = FailedNode.of(row, launch.items());
            startNode = failed.node();
            items = failed.input();
        }
        Executions.StartedExecution started = executions.start(
                new Executions.Launch(
                        caller.tenantId(),
                        row.workflowId(),
                        row.workflowVersion(),
                        "retry",
                        startNode,
                        items,
                        Executions.Placement.QUEUED,
                        Map.of(),
                        caller.subject(),
                        launch.destination(),
                        null),
                row.id());
        return Response.accepted(Map.of("executionId", started.executionId(), "retryOf", id))
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) throws SQLException {
        require(Permission.EXECUTION_RUN);
        executions.delete(caller.tenantId(), uuidOr404(id));
        return Response.noContent().build();
    }

    @GET
    @Path("pruning")
    public PruningView pruning() throws SQLException {
        require(Permission.INSTANCE_ADMIN);
        return pruner.settings();
    }

    @PUT
    @Path("pruning")
    @Consumes(MediaType.APPLICATION_JSON)
    public PruningView setPruning(PruningView body) throws SQLException {
        require(Permission.INSTANCE_ADMIN);
        if (body == null || body.enabled() == null || body.maxAgeHours() == null || body.maxCount() == null) {
            throw ProblemException.badRequest("validation", "enabled, maxAgeHours and maxCount are required");
        }
        if (body.maxAgeHours() < 1 || body.maxAgeHours() > 24 * 3650) {
            throw ProblemException.invalid("maxAgeHours", "must be between 1 and 87600");
        }
        if (body.maxCount() < 1) {
            throw ProblemException.invalid("maxCount", "must be at least 1");
        }
        return pruner.update(body);
    }

    @POST
    @Path("pruning/run")
    public PruneResultView prune() throws SQLException {
        require(Permission.INSTANCE_ADMIN);
        return pruner.prune();
    }

    private void require(Permission p) {
        if (!studio.role().runsApi()) {
            throw ProblemException.notFound("this studio process runs workers only; the API");
        }
        caller.require(p);
    }

    private ExecutionRow find(String id) throws SQLException {
        return records.find(caller.tenantId(), uuidOr404(id))
                .orElseThrow(() -> ProblemException.notFound("execution " + id));
    }

    static UUID uuidOr404(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("execution " + id);
        }
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "is not a UUID");
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static void putInstant(ObjectNode o, String field, Instant value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value.toString());
        }
    }
}
