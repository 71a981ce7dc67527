package io.hetumind.studio.template.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.template.Template;
import io.hetumind.core.template.TemplateFormat;
import io.hetumind.core.template.TemplateGallery;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.template.TemplateRepository;
import io.hetumind.studio.template.TemplateService;
import io.hetumind.studio.template.rest.TemplateDtos.GalleryView;
import io.hetumind.studio.template.rest.TemplateDtos.ParameterView;
import io.hetumind.studio.template.rest.TemplateDtos.TemplateSummary;
import io.hetumind.studio.template.rest.TemplateDtos.TemplateView;
import io.hetumind.studio.workflow.WorkflowService;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/templates}: a tenant's workflow templates (documents in, versions out), the built-in gallery, and
 * instantiation into a new workflow. Reads need {@code workflow:read}, changes and instantiation
 * {@code workflow:write}; another tenant's id (or one that is not an id) is a 404.
 */
@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {
    private static final Set<String> INSTANTIATE_FIELDS = Set.of("params", "name", "tags", "version");

    private final TemplateService templates;
    private final Caller caller;

    public TemplateResource(TemplateService templates, Caller caller) {
        this.templates = templates;
        this.caller = caller;
    }

    /** Creates (or imports an exported) template: 201 with {@code Location} and {@code ETag: "1"}. */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response create(String body) {
        caller.require(Permission.WORKFLOW_WRITE);
        TemplateService.Saved saved = templates.create(caller.tenantId(), userId(), body);
        return Response.created(URI.create("/api/v1/templates/" + saved.head().id()))
                .tag(etag(saved.head().version()))
                .entity(view(saved))
                .build();
    }

    @GET
    public Page<TemplateSummary> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        caller.require(Permission.WORKFLOW_READ);
        PageRequest page = PageRequest.of(limit, cursor);
        List<TemplateRepository.Head> rows = templates.list(caller.tenantId(), page.after(), page.limit() + 1);
        return Page.of(rows, page, TemplateRepository.Head::id, TemplateSummary::of);
    }

    /** Checks a template document without saving it. */
    @POST
    @Path("validate")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Map<String, Object> validate(String body) {
        caller.require(Permission.WORKFLOW_READ);
        Template t = templates.parse(body);
        templates.check(t);
        return Map.of("valid", true, "parameters", ParameterView.of(t));
    }

    @GET
    @Path("gallery")
    public List<GalleryView> gallery() {
        caller.require(Permission.WORKFLOW_READ);
        return TemplateGallery.builtIn().stream().map(GalleryView::of).toList();
    }

    @GET
    @Path("gallery/{name}")
    public GalleryView galleryTemplate(@PathParam("name") String name) {
        caller.require(Permission.WORKFLOW_READ);
        return GalleryView.of(templates.gallery(name));
    }

    /** Instantiates a built-in template into a new workflow of the caller's tenant. */
    @POST
    @Path("gallery/{name}/instantiate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response instantiateGallery(@PathParam("name") String name, String body) {
        caller.require(Permission.WORKFLOW_WRITE);
        Template t = templates.gallery(name);
        InstantiateBody b = InstantiateBody.parse(body);
        if (b.version() != null) {
            throw ProblemException.invalid("version", "gallery templates have one version; leave it out");
        }
        return created(templates.instantiate(
                caller.tenantId(), userId(), t, "gallery:" + t.name(), b.params(), b.name(), b.tags()));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        caller.require(Permission.WORKFLOW_READ);
        TemplateService.Saved saved = templates.get(caller.tenantId(), id(id));
        return Response.ok(view(saved)).tag(etag(saved.head().version())).build();
    }

    /** Saves the body as the next version; {@code If-Match} (or {@code ?version=}) names the version edited. */
    @PUT
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response update(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @QueryParam("version") String version,
            String body) {
        caller.require(Permission.WORKFLOW_WRITE);
        UUID tid = id(id);
        int expected = expectedVersion(ifMatch, version);
        TemplateService.Saved saved = templates.update(caller.tenantId(), userId(), tid, expected, body);
        return Response.ok(view(saved)).tag(etag(saved.head().version())).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        caller.require(Permission.WORKFLOW_WRITE);
        templates.delete(caller.tenantId(), id(id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/versions/{version}")
    public JsonNode version(@PathParam("id") String id, @PathParam("version") String version) {
        caller.require(Permission.WORKFLOW_READ);
        return TemplateFormat.toTree(templates.version(caller.tenantId(), id(id), versionNumber(version)));
    }

    /** The head (or {@code ?version=}) as a template document to download; POST it to import it elsewhere. */
    @GET
    @Path("{id}/export")
    public Response export(@PathParam("id") String id, @QueryParam("version") String version) {
        caller.require(Permission.WORKFLOW_READ);
        UUID tid = id(id);
        Template t = version == null || version.isBlank()
                ? templates.get(caller.tenantId(), tid).template()
                : templates.version(caller.tenantId(), tid, versionNumber(version));
        String file = t.name().replaceAll("[^A-Za-z0-9._-]+", "_") + ".template.json";
        return Response.ok(TemplateFormat.writeJson(t))
                .type(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }

    /**
     * Instantiates the head (or {@code "version"}) into a new workflow: body
     * {@code {"params": {…}, "name": "…", "tags": […], "version": n}}, every field optional. 201 with the workflow.
     */
    @POST
    @Path("{id}/instantiate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response instantiate(@PathParam("id") String id, String body) {
        caller.require(Permission.WORKFLOW_WRITE);
        UUID tid = id(id);
        InstantiateBody b = InstantiateBody.parse(body);
        Template t = b.version() == null
                ? templates.get(caller.tenantId(), tid).template()
                : templates.version(caller.tenantId(), tid, b.version());
        return created(
                templates.instantiate(caller.tenantId(), userId(), t, tid.toString(), b.params(), b.name(), b.tags()));
    }

    /** The body of an instantiation, read by hand so every mistake gets its own message. */
    record InstantiateBody(Map<String, JsonNode> params, String name, List<String> tags, Integer version) {
        static InstantiateBody parse(String text) {
            if (text == null || text.isBlank()) {
                return new InstantiateBody(Map.of(), null, List.of(), null);
            }
            JsonNode root;
            try {
                root = Json.reader().readTree(text);
            } catch (Exception e) {
                throw ProblemException.badRequest("malformed-request", "the body is not JSON: " + firstLine(e));
            }
            if (root == null || !root.isObject()) {
                throw ProblemException.badRequest(
                        "malformed-request",
                        "the body is an object {\"params\": {…}, \"name\", \"tags\", \"version\"}");
            }
            for (String field : (Iterable<String>) root::fieldNames) {
                if (!INSTANTIATE_FIELDS.contains(field)) {
                    throw ProblemException.invalid(field, "unknown field (expected params, name, tags, version)");
                }
            }
            JsonNode p = root.path("params");
            Map<String, JsonNode> params = new LinkedHashMap<>();
            if (!p.isMissingNode() && !p.isNull()) {
                if (!p.isObject()) {
                    throw ProblemException.invalid("params", "must be an object of parameter values");
                }
                p.properties().forEach(e -> params.put(e.getKey(), e.getValue()));
            }
            JsonNode n = root.path("name");
            if (!n.isMissingNode() && !n.isNull() && !n.isTextual()) {
                throw ProblemException.invalid("name", "must be a string");
            }
            List<String> tags = new ArrayList<>();
            JsonNode tg = root.path("tags");
            if (!tg.isMissingNode() && !tg.isNull()) {
                if (!tg.isArray()) {
                    throw ProblemException.invalid("tags", "must be an array of tag names");
                }
                for (JsonNode t : tg) {
                    if (!t.isTextual()) {
                        throw ProblemException.invalid("tags", "must be an array of tag names");
                    }
                    tags.add(t.asText());
                }
            }
            JsonNode v = root.path("version");
            Integer version = null;
            if (!v.isMissingNode() && !v.isNull()) {
                if (!v.isIntegralNumber() || v.intValue() < 1) {
                    throw ProblemException.invalid("version", "must be a version number (1, 2, …)");
                }
                version = v.intValue();
            }
            return new InstantiateBody(params, n.isTextual() ? n.asText() : null, tags, version);
        }

        private static String firstLine(Exception e) {
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }
    }

    private static Response created(WorkflowService.Saved saved) {
        return Response.created(URI.create("/api/v1/workflows/" + saved.head().id()))
                .tag(etag(saved.head().version()))
                .entity(WorkflowView.of(saved))
                .build();
    }

    private UUID userId() {
        return "user".equals(caller.kind()) ? caller.subject() : null;
    }

    private static TemplateView view(TemplateService.Saved s) {
        TemplateRepository.Head h = s.head();
        return new TemplateView(
                h.id(),
                h.name(),
                h.version(),
                h.description(),
                ParameterView.of(s.template()),
                h.createdAt(),
                h.updatedAt(),
                TemplateFormat.toTree(s.template()));
    }

    static UUID id(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("template " + raw);
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
        raw = raw.replace("W/", "").replace("\"", "");
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be a template version such as \"3\"");
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
}
