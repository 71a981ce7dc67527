package io.hetumind.studio.execution.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.config.StudioConfig;
import io.hetumind.studio.engine.Gzip;
import io.hetumind.studio.execution.ExecutionRecords;
import io.hetumind.studio.execution.ExecutionRow;
import io.hetumind.studio.execution.ExecutionService;
import io.hetumind.studio.execution.RunDataJson;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The bytes of a binary attachment an execution's items name ({@code binary.<key>.id} in its run data), for the
 * designer's binary preview: {@code GET /api/v1/executions/{id}/binary?ref=<binary id>}. Only references found in that
 * execution of the caller's tenant are served; anything else is a 404. The answer is an attachment with {@code nosniff}
 * and a sandboxing CSP, so stored HTML never runs on the studio's origin.
 */
@Path("/api/v1/executions/{id}/binary")
public class ExecutionBinaryResource {
    private final Caller caller;
    private final ExecutionRecords records;
    private final ExecutionService executions;
    private final BinaryStore binaries;
    private final StudioConfig studio;

    public ExecutionBinaryResource(
            Caller caller,
            ExecutionRecords records,
            ExecutionService executions,
            BinaryStore binaries,
            StudioConfig studio) {
        this.caller = caller;
        this.records = records;
        this.executions = executions;
        this.binaries = binaries;
        this.studio = studio;
    }

    @GET
    public Response get(@PathParam("id") String id, @QueryParam("ref") String ref) throws SQLException {
        if (!studio.role().runsApi()) {
            throw ProblemException.notFound("this studio process runs workers only; the API");
        }
        caller.require(Permission.WORKFLOW_READ);
        if (ref == null || ref.isBlank()) {
            throw ProblemException.invalid("ref", "is required: the binary id from the item's binary data");
        }
        ExecutionRow row = records.find(caller.tenantId(), ExecutionResource.uuidOr404(id))
                .orElseThrow(() -> ProblemException.notFound("execution " + id));
        JsonNode run;
        if (row.data() != null) {
            run = Json.parse(Gzip.decompress(row.data()));
        } else {
            ExecutionState live = "new".equals(row.status()) ? null : executions.liveState(row);
            run = live == null ? Json.object() : RunDataJson.of(live);
        }
        JsonNode found = find(run.path("runData"), ref)
                .orElseThrow(() -> ProblemException.notFound("binary data " + ref + " in execution " + id));
        BinaryRef binary = new BinaryRef(
                ref,
                found.path("mimeType").asText(null),
                found.path("fileName").asText(null),
                null,
                null,
                io.hetumind.core.format.ItemCodec.size(found));
        byte[] bytes;
        try {
            bytes = binaries.read(binary);
        } catch (IOException e) {
            throw ProblemException.notFound("binary data " + ref + " (no longer stored: " + e.getMessage() + ")");
        }
        String type = binary.mimeType() == null || binary.mimeType().isBlank()
                ? "application/octet-stream"
                : binary.mimeType();
        String name = binary.fileName() == null ? "data" : binary.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(bytes)
                .type(type)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "private, max-age=300")
                .build();
    }

    /** The binary entry ({@code {"id": ref, …}}) somewhere under {@code binary} objects of the run data. */
    static Optional<JsonNode> find(JsonNode node, String ref) {
        if (node.isObject()) {
            JsonNode binary = node.get("binary");
            if (binary != null && binary.isObject()) {
                for (var e : binary.properties()) {
                    if (ref.equals(e.getValue().path("id").asText(null))) {
                        return Optional.of(e.getValue());
                    }
                }
            }
            for (var e : node.properties()) {
                Optional<JsonNode> hit = find(e.getValue(), ref);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                Optional<JsonNode> hit = find(child, ref);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }
}
