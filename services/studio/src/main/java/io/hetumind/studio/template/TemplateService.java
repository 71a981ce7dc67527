package io.hetumind.studio.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.template.Template;
import io.hetumind.core.template.TemplateFormat;
import io.hetumind.core.template.TemplateFormatException;
import io.hetumind.core.template.TemplateGallery;
import io.hetumind.core.template.TemplateInstantiator;
import io.hetumind.core.template.TemplateParamsException;
import io.hetumind.core.template.TemplateValidator;
import io.hetumind.core.validate.Problem;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.validation.TextValidator;
import io.hetumind.studio.workflow.WorkflowDocuments;
import io.hetumind.studio.workflow.WorkflowService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Saving, versioning and instantiating a tenant's templates. A save is checked by {@link TemplateValidator} and by the
 * engine's validator on the workflow the defaults make (its structural errors — unknown node types, dangling
 * connections — refuse the save like a workflow upload); every save is a new immutable version and an update names the
 * version it was made from. Instantiation saves a new workflow (version source {@code template}) in one transaction,
 * after every value is checked: a refused instantiation stores nothing.
 */
@ApplicationScoped
public class TemplateService {
    private final Jdbc db;
    private final TemplateRepository repo;
    private final WorkflowDocuments documents;
    private final WorkflowService workflows;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public TemplateService(
            Jdbc db,
            TemplateRepository repo,
            WorkflowDocuments documents,
            WorkflowService workflows,
            MeterRegistry meters) {
        this.db = db;
        this.repo = repo;
        this.documents = documents;
        this.workflows = workflows;
        this.meters = meters;
    }

    /** A stored head with the template of the version it points at. */
    public record Saved(TemplateRepository.Head head, Template template) {}

    /** Parses a template document (JSON or YAML); malformed text, a wrong shape or a newer format is a 400. */
    public Template parse(String text) {
        try {
            return TemplateFormat.read(text);
        } catch (TemplateFormatException e) {
            throw ProblemException.badRequest("malformed-template", e.getMessage());
        }
    }

    /** Refuses (400 {@code invalid-template}, every finding an {@code errors} entry) a template that may not be saved. */
    public void check(Template t) {
        List<Problem> problems = new ArrayList<>(TemplateValidator.validate(t).errors());
        if (problems.isEmpty()) {
            for (Problem p : documents.structuralProblems(TemplateValidator.sampleWorkflow(t))) {
                problems.add(new Problem(
                        p.severity(),
                        p.code(),
                        p.node(),
                        "$.workflow" + p.path().substring(1),
                        p.message()));
            }
        }
        String name = t.name().strip();
        String nameProblem = TextValidator.problem(name, 1, 128);
        if (nameProblem != null) {
            problems.addFirst(Problem.error("bad-name", null, "$.name", nameProblem));
        }
        if (!problems.isEmpty()) {
            throw TemplateProblems.refused("the template cannot be saved: " + problems.getFirst(), problems);
        }
    }

    public Saved create(UUID tenantId, UUID userId, String text) {
        Template parsed = parse(text);
        check(parsed);
        return insert(tenantId, userId, parsed.withVersion(1));
    }

    private Saved insert(UUID tenantId, UUID userId, Template t) {
        UUID id = Ids.next();
        Instant now = clock.instant();
        TemplateRepository.Head head =
                new TemplateRepository.Head(id, tenantId, t.name().strip(), 1, t.description(), userId, now, now);
        db.tx(c -> {
            if (repo.nameTaken(c, tenantId, head.name(), id)) {
                throw nameConflict(head.name());
            }
            repo.insertHead(c, head);
            repo.insertVersion(c, tenantId, version(id, t, userId, now));
            return null;
        });
        meters.counter("hetumind_template_saves").increment();
        return new Saved(head, t);
    }

    public Saved get(UUID tenantId, UUID id) {
        return db.tx(c -> {
            TemplateRepository.Head h = head(c, tenantId, id, false);
            return new Saved(h, read(repo.version(c, tenantId, id, h.version())));
        });
    }

    /** Saves {@code text} as the next version if the head is still {@code expected}. */
    public Saved update(UUID tenantId, UUID userId, UUID id, int expected, String text) {
        Template parsed = parse(text);
        check(parsed);
        Instant now = clock.instant();
        int next = expected + 1;
        Template t = parsed.withVersion(next);
        TemplateRepository.Head head = db.tx(c -> {
            TemplateRepository.Head h = head(c, tenantId, id, true);
            if (h.version() != expected) {
                throw ProblemException.conflict("template " + id + " is at version " + h.version() + ", not " + expected
                        + ": someone saved it first; reload and apply your change again");
            }
            if (repo.nameTaken(c, tenantId, t.name().strip(), id)) {
                throw nameConflict(t.name().strip());
            }
            repo.insertVersion(c, tenantId, version(id, t, userId, now));
            repo.advance(c, tenantId, id, expected, next, t.name().strip(), t.description(), now);
            return repo.head(c, tenantId, id, false);
        });
        meters.counter("hetumind_template_saves").increment();
        return new Saved(head, t);
    }

    public void delete(UUID tenantId, UUID id) {
        db.tx(c -> {
            head(c, tenantId, id, true);
            return repo.delete(c, tenantId, id);
        });
    }

    public List<TemplateRepository.Head> list(UUID tenantId, UUID before, int limit) {
        return db.tx(c -> repo.page(c, tenantId, before, limit));
    }

    /** One saved version. */
    public Template version(UUID tenantId, UUID id, int version) {
        return db.tx(c -> {
            head(c, tenantId, id, false);
            TemplateRepository.Version v = repo.version(c, tenantId, id, version);
            if (v == null) {
                throw ProblemException.notFound("version " + version + " of template " + id);
            }
            return read(v);
        });
    }

    /**
     * Saves the workflow {@code t} makes with {@code params} as a new workflow of the tenant. Unknown, mistyped or
     * missing values are a 400 {@code invalid-parameters} listing each; nothing is stored then.
     */
    public WorkflowService.Saved instantiate(
            UUID tenantId,
            UUID userId,
            Template t,
            String origin,
            Map<String, JsonNode> params,
            String name,
            List<String> tags) {
        Workflow wf;
        try {
            wf = TemplateInstantiator.instantiate(t, params, name);
        } catch (TemplateParamsException e) {
            throw new ProblemException(
                    400,
                    "invalid-parameters",
                    "Invalid template parameters",
                    e.getMessage(),
                    TemplateProblems.fieldErrors(e.problems()),
                    null);
        }
        WorkflowService.Saved saved = workflows.create(
                tenantId, userId, wf, "template", "from template " + origin + " version " + t.version(), tags);
        meters.counter("hetumind_template_instantiations").increment();
        return saved;
    }

    /** The built-in gallery template of this name, or 404. */
    public Template gallery(String name) {
        return TemplateGallery.find(name).orElseThrow(() -> ProblemException.notFound("gallery template " + name));
    }

    private TemplateRepository.Head head(Connection c, UUID tenantId, UUID id, boolean lock) throws SQLException {
        TemplateRepository.Head h = repo.head(c, tenantId, id, lock);
        if (h == null) {
            throw ProblemException.notFound("template " + id);
        }
        return h;
    }

    private static Template read(TemplateRepository.Version v) {
        return TemplateFormat.read(io.hetumind.core.spi.Json.parse(v.document()));
    }

    private static TemplateRepository.Version version(UUID id, Template t, UUID userId, Instant at) {
        return new TemplateRepository.Version(
                id, t.version(), TemplateFormat.toTree(t).toString(), userId, at);
    }

    private static ProblemException nameConflict(String name) {
        return ProblemException.conflict("a template named '" + name + "' exists already; choose another name");
    }
}
