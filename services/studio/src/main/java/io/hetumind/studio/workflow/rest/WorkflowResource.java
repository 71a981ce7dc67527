package io.hetumind.studio.workflow.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.workflow.WorkflowDocuments;
import io.hetumind.studio.workflow.WorkflowRepository;
import io.hetumind.studio.workflow.WorkflowService;
import io.hetumind.studio.workflow.rest.WorkflowDtos.ProblemView;
import io.hetumind.studio.workflow.rest.WorkflowDtos.RollbackRequest;
import io.hetumind.studio.workflow.rest.WorkflowDtos.TagView;
import io.hetumind.studio.workflow.rest.WorkflowDtos.ValidationView;
import io.hetumind.studio.workflow.rest.WorkflowDtos.VersionView;
import io.hetumind.studio.workflow.rest.WorkflowDtos.WorkflowSummary;
import io.hetumind.studio.workflow.rest.WorkflowDtos.WorkflowView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/workflows}: Hetumind documents and n8n exports in JSON or YAML in, versions out. Reads need
 * {@code workflow:read}, changes {@code workflow:write}; everything is the caller's tenant's, and an id of another
 * tenant's workflow (or one that is not an id at all) is a 404.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {
    /** What a workflow upload may be sent as; the text decides between JSON and YAML. */
    static final String[] DOCUMENT_TYPES = {
        MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN
    };

    private final WorkflowService workflows;
    private final WorkflowDocuments documents;
    private final Caller caller;

    public WorkflowResource(WorkflowService workflows, WorkflowDocuments documents, Caller caller) {
        this.workflows = workflows;
        this.documents = documents;
        this.caller = caller;
    }

    @POST
    @Path("workflows")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response create(String body, @QueryParam("tags") String tags) {
        caller.require(Permission.WORKFLOW_WRITE);
        WorkflowService.Saved saved = workflows.create(caller.tenantId(), userId(), body, split(tags));
        return Response.created(URI.create("/api/v1/workflows/" + saved.head().id()))
                .tag(etag(saved.head().version()))
                .entity(view(saved))
                .build();
    }

    @GET
    @Path("workflows")
    public Page<WorkflowSummary> list(
            @QueryParam("name") String name,
            @QueryParam("tag") String tag,
            @QueryParam("active") String active,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        caller.require(Permission.WORKFLOW_READ);
        PageRequest page = PageRequest.of(limit, cursor);
        WorkflowRepository.Filter filter =
                new WorkflowRepository.Filter(blankToNull(name), blankToNull(tag), bool(active));
        List<WorkflowRepository.Head> rows = workflows.list(caller.tenantId(), filter, page.after(), page.limit() + 1);
        return Page.of(rows, page, WorkflowRepository.Head::id, WorkflowSummary::of);
    }

    @GET
    @Path("workflows/{id}")
    public Response get(@PathParam("id") String id) {
        caller.require(Permission.WORKFLOW_READ);
        WorkflowService.Saved saved = workflows.get(caller.tenantId(), id(id));
        return Response.ok(view(saved)).tag(etag(saved.head().version())).build();
    }

    /**
     * Saves the body as the next version. The version it was edited from comes from {@code If-Match} (the ETag of
     * the GET) or {@code ?version=}; without either the save is refused (428), so no one overwrites blindly.
     */
    @PUT
    @Path("workflows/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response update(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @QueryParam("version") String version,
            String body) {
        caller.require(Permission.WORKFLOW_WRITE);
        int expected = expectedVersion(ifMatch, version);
        WorkflowService.Saved saved = workflows.update(caller.tenantId(), userId(), id(id), expected, body);
        return Response.ok(view(saved)).tag(etag(saved.head().version())).build();
    }

    @DELETE
    @Path("workflows/{id}")
    public Response delete(@PathParam("id") String id) {
        caller.require(Permission.WORKFLOW_WRITE);
        workflows.delete(caller.tenantId(), id(id));
        return Response.noContent().build();
    }

    @GET
    @Path("workflows/{id}/versions")
    public Page<VersionView> versions(
            @PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        caller.require(Permission.WORKFLOW_READ);
        int size = PageRequest.of(limit, null).limit();
        Integer below = cursor == null || cursor.isBlank() ? null : versionCursor(cursor);
        List<WorkflowRepository.Version> rows = workflows.versions(caller.tenantId(), id(id), below, size + 1);
        boolean more = rows.size() > size;
        List<WorkflowRepository.Version> shown = more ? rows.subList(0, size) : rows;
        String next = more ? String.valueOf(shown.getLast().version()) : null;
        return new Page<>(shown.stream().map(VersionView::of).toList(), next);
    }

    @GET
    @Path("workflows/{id}/versions/{version}")
    public ObjectNode version(@PathParam("id") String id, @PathParam("version") String version) {
        caller.require(Permission.WORKFLOW_READ);
        int v = versionNumber(version);
        return WorkflowFormat.toTree(
                workflows.version(caller.tenantId(), id(id), v).workflow());
    }

    @POST
    @Path("workflows/{id}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rollback(@PathParam("id") String id, RollbackRequest body) {
        caller.require(Permission.WORKFLOW_WRITE);
        if (body == null || body.version() == null) {
            throw ProblemException.invalid("version", "name the version to roll back to");
        }
        WorkflowService.Saved saved = workflows.rollback(caller.tenantId(), userId(), id(id), body.version());
        return Response.ok(view(saved)).tag(etag(saved.head().version())).build();
    }

    /** Exports the head (or {@code ?version=}) as a Hetumind document, JSON or {@code ?format=yaml}. */
    @GET
    @Path("workflows/{id}/export")
    @Produces({MediaType.APPLICATION_JSON, "application/yaml"})
    public Response export(
            @PathParam("id") String id, @QueryParam("format") String format, @QueryParam("version") String version) {
        caller.require(Permission.WORKFLOW_READ);
        UUID wid = id(id);
        Workflow wf = version == null || version.isBlank()
                ? workflows.get(caller.tenantId(), wid).workflow()
                : workflows
                        .version(caller.tenantId(), wid, versionNumber(version))
                        .workflow();
        boolean yaml = "yaml".equalsIgnoreCase(format) || "yml".equalsIgnoreCase(format);
        if (!yaml && format != null && !format.isBlank() && !"json".equalsIgnoreCase(format)) {
            throw ProblemException.invalid("format", "must be json or yaml");
        }
        String file = (wf.name().isBlank() ? "workflow" : wf.name().replaceAll("[^A-Za-z0-9._-]+", "_"))
                + (yaml ? ".yaml" : ".json");
        return Response.ok(yaml ? WorkflowFormat.writeYaml(wf) : WorkflowFormat.writeJson(wf))
                .type(yaml ? "application/yaml" : MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }

    /** Checks a document without saving it: the report of everything the validator finds. */
    @POST
    @Path("workflows/validate")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public ValidationView validate(String body) {
        caller.require(Permission.WORKFLOW_READ);
        ValidationReport report = documents.validate(documents.parse(body).workflow());
        return new ValidationView(report.ok(), ProblemView.of(report));
    }

    @POST
    @Path("workflows/{id}/activate")
    public WorkflowView activate(@PathParam("id") String id) {
        caller.require(Permission.WORKFLOW_WRITE);
        return view(workflows.activate(caller.tenantId(), id(id)));
    }

    @POST
    @Path("workflows/{id}/deactivate")
    public WorkflowView deactivate(@PathParam("id") String id) {
        caller.require(Permission.WORKFLOW_WRITE);
        return view(workflows.deactivate(caller.tenantId(), id(id)));
    }

    @PUT
    @Path("workflows/{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    public WorkflowSummary setTags(@PathParam("id") String id, List<String> tags) {
        caller.require(Permission.WORKFLOW_WRITE);
        if (tags == null) {
            throw ProblemException.invalid("tags", "send a JSON array of tag names");
        }
        return WorkflowSummary.of(workflows.setTags(caller.tenantId(), id(id), tags));
    }

    @GET
    @Path("tags")
    public List<TagView> tags() {
        caller.require(Permission.WORKFLOW_READ);
        return workflows.tags(caller.tenantId()).stream()
                .map(t -> new TagView(t.tag(), t.workflows()))
                .toList();
    }

    private UUID userId() {
        return "user".equals(caller.kind()) ? caller.subject() : null;
    }

    private static WorkflowView view(WorkflowService.Saved s) {
        WorkflowRepository.Head h = s.head();
        return new WorkflowView(
                h.id(),
                h.name(),
                h.version(),
                h.active(),
                h.tags(),
                h.createdAt(),
                h.updatedAt(),
                WorkflowFormat.toTree(s.workflow()),
                ProblemView.of(s.report()));
    }

    /** Any string that is not one of our ids names nothing: 404, as for another tenant's id. */
    static UUID id(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("workflow " + raw);
        }
    }

    private static EntityTag etag(int version) {
        return new EntityTag(String.valueOf(version));
    }

    private static int expectedVersion(String ifMatch, String version) {
        String raw = ifMatch != null && !ifMatch.isBlank() ? ifMatch.strip() : version;
        if (raw == null || raw.isBlank()) {
            throw new ProblemException(
                    428,
                    "precondition-required",
                    "Precondition required",
                    "name the version you edited: send If-Match with the ETag of the GET, or ?version=");
        }
        if (raw.startsWith("W/")) {
            raw = raw.substring(2);
        }
        raw = raw.replace("\"", "");
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be a workflow version such as \"3\"");
        }
    }

    private static int versionNumber(String raw) {
        try {
            int v = Integer.parseInt(raw);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.invalid("version", "must be a version number (1, 2, …)");
    }

    private static int versionCursor(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this list returned");
        }
    }

    private static List<String> split(String tags) {
        return tags == null || tags.isBlank()
                ? List.of()
                : Arrays.stream(tags.split(","))
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Boolean bool(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return switch (s.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalid("active", "must be true or false");
        };
    }
}
