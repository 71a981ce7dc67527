package io.hetumind.studio.workflow;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.validation.TextValidator;
import io.hetumind.studio.execution.BinaryOwnership;
import io.hetumind.studio.trigger.Triggers;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Saving, versioning and activating workflows. Every save is a new immutable version; an update names the version it
 * was made from and loses to a save that came first (409). Activation registers triggers through {@link Triggers}
 * between two short transactions: the head is checked (and stays runnable), the triggers are registered (their own
 * transaction, which refuses a webhook path another workflow holds), then the flag is set; if setting the flag fails
 * the triggers are removed again.
 */
@ApplicationScoped
public class WorkflowService {
    private static final Logger LOG = Logger.getLogger(WorkflowService.class);

    private final Jdbc db;
    private final WorkflowRepository repo;
    private final WorkflowDocuments documents;
    private final JdbcWorkflowVersions versions;
    private final Triggers triggers;
    private final BinaryOwnership ownership;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public WorkflowService(
            Jdbc db,
            WorkflowRepository repo,
            WorkflowDocuments documents,
            JdbcWorkflowVersions versions,
            Triggers triggers,
            BinaryOwnership ownership,
            MeterRegistry meters) {
        this.db = db;
        this.repo = repo;
        this.documents = documents;
        this.versions = versions;
        this.triggers = triggers;
        this.ownership = ownership;
        this.meters = meters;
    }

    /** A saved head with the report of the version it points at. */
    public record Saved(WorkflowRepository.Head head, Workflow workflow, ValidationReport report) {}

    public Saved create(UUID tenantId, UUID userId, String text, List<String> extraTags) {
        WorkflowDocuments.Parsed parsed = documents.parse(text);
        return create(tenantId, userId, parsed.workflow(), parsed.source(), null, Tags.merge(parsed.tags(), extraTags));
    }

    /**
     * Saves {@code incoming} as version 1 of a new workflow ({@code source} as the version's origin, e.g.
     * {@code template}); refused like an upload when it has structural problems, and then nothing is stored.
     */
    public Saved create(UUID tenantId, UUID userId, Workflow incoming, String source, String note, List<String> tags) {
        UUID id = Ids.next();
        Instant now = clock.instant();
        Workflow wf = stamp(incoming, id, 1);
        ValidationReport report = documents.checkSavable(wf);
        ownership.requireHeld(tenantId, wf.pinData(), "pinData");
        List<String> clean = Tags.merge(tags == null ? List.of() : tags, List.of());
        WorkflowRepository.Head head =
                new WorkflowRepository.Head(id, tenantId, name(wf), 1, false, clean, userId, now, now);
        db.tx(c -> {
            repo.insertHead(c, head);
            repo.insertVersion(c, tenantId, version(id, 1, wf, source, note, userId, now));
            return null;
        });
        meters.counter("hetumind_workflow_saves", "source", source).increment();
        return new Saved(head, wf, report);
    }

    public Saved get(UUID tenantId, UUID id) {
        StoredWorkflow s = versions.head(tenantId, id).orElseThrow(() -> notFound(id));
        WorkflowRepository.Head head = db.tx(c -> repo.head(c, tenantId, id, false));
        if (head == null) {
            throw notFound(id);
        }
        return new Saved(head, s.workflow(), documents.validate(s.workflow()));
    }

    /** Saves {@code text} as the next version if the head is still {@code expected}. */
    public Saved update(UUID tenantId, UUID userId, UUID id, int expected, String text) {
        WorkflowDocuments.Parsed parsed = documents.parse(text);
        return saveNext(tenantId, userId, id, expected, parsed.workflow(), parsed.source(), null, parsed.tags());
    }

    /** Saves the definition of {@code version} again as the next version. */
    public Saved rollback(UUID tenantId, UUID userId, UUID id, int version) {
        StoredWorkflow old = versions.find(tenantId, id, version)
                .orElseThrow(() -> ProblemException.notFound("version " + version + " of workflow " + id));
        int head = db.tx(c -> {
            WorkflowRepository.Head h = repo.head(c, tenantId, id, false);
            if (h == null) {
                throw notFound(id);
            }
            return h.version();
        });
        return saveNext(tenantId, userId, id, head, old.workflow(), "rollback", "rollback to version " + version, null);
    }

    private Saved saveNext(
            UUID tenantId,
            UUID userId,
            UUID id,
            int expected,
            Workflow incoming,
            String source,
            String note,
            List<String> tags) {
        Instant now = clock.instant();
        int next = expected + 1;
        Workflow wf = stamp(incoming, id, next);
        ValidationReport report = documents.checkSavable(wf);
        ownership.requireHeld(tenantId, wf.pinData(), "pinData");
        WorkflowRepository.Head head = db.tx(c -> {
            WorkflowRepository.Head h = lockedHead(c, tenantId, id);
            if (h.version() != expected) {
                throw ProblemException.conflict("workflow " + id + " is at version " + h.version() + ", not " + expected
                        + ": someone saved it first; reload and apply your change again");
            }
            if (h.active()) {
                // An active workflow's triggers run its head: never point them at a version that cannot run.
                documents.checkRunnable(wf, "saved while the workflow is active (deactivate it to save a draft)");
            }
            repo.insertVersion(c, tenantId, version(id, next, wf, source, note, userId, now));
            if (!repo.advance(c, tenantId, id, expected, next, name(wf), now)) {
                throw ProblemException.conflict("workflow " + id + " changed while saving; reload and try again");
            }
            if (tags != null && !tags.isEmpty()) {
                repo.setTags(c, tenantId, id, Tags.merge(h.tags(), tags), now);
            }
            return repo.head(c, tenantId, id, false);
        });
        if (head.active()) {
            triggers.activate(new StoredWorkflow(tenantId, id, next, head.name(), true, wf, head.createdBy()));
        }
        meters.counter("hetumind_workflow_saves", "source", source).increment();
        return new Saved(head, wf, report);
    }

    public void delete(UUID tenantId, UUID id) {
        WorkflowRepository.Head head = db.tx(c -> lockedHead(c, tenantId, id));
        if (head.active()) {
            triggers.deactivate(tenantId, id);
        }
        db.tx(c -> repo.delete(c, tenantId, id));
        versions.forget(id);
    }

    public Saved activate(UUID tenantId, UUID id) {
        StoredWorkflow s = versions.head(tenantId, id).orElseThrow(() -> notFound(id));
        ValidationReport report = documents.checkRunnable(s.workflow(), "activated");
        Triggers t = triggers;
        t.activate(new StoredWorkflow(tenantId, id, s.version(), s.name(), true, s.workflow(), s.ownerId()));
        try {
            db.tx(c -> {
                WorkflowRepository.Head h = lockedHead(c, tenantId, id);
                if (h.version() != s.version()) {
                    throw ProblemException.conflict(
                            "workflow " + id + " was saved while activating; activate it again");
                }
                repo.setActive(c, tenantId, id, true, clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debugf("activation of %s failed after its triggers were registered; removing them", id);
            t.deactivate(tenantId, id);
            throw e;
        }
        meters.counter("hetumind_workflow_activations", "to", "active").increment();
        return new Saved(db.tx(c -> repo.head(c, tenantId, id, false)), s.workflow(), report);
    }

    public Saved deactivate(UUID tenantId, UUID id) {
        StoredWorkflow s = versions.head(tenantId, id).orElseThrow(() -> notFound(id));
        triggers.deactivate(tenantId, id);
        db.tx(c -> {
            lockedHead(c, tenantId, id);
            repo.setActive(c, tenantId, id, false, clock.instant());
            return null;
        });
        meters.counter("hetumind_workflow_activations", "to", "inactive").increment();
        return new Saved(db.tx(c -> repo.head(c, tenantId, id, false)), s.workflow(), null);
    }

    public WorkflowRepository.Head setTags(UUID tenantId, UUID id, List<String> tags) {
        List<String> clean = Tags.merge(tags, List.of());
        return db.tx(c -> {
            lockedHead(c, tenantId, id);
            repo.setTags(c, tenantId, id, clean, clock.instant());
            return repo.head(c, tenantId, id, false);
        });
    }

    /** A page of heads, newest first. */
    public List<WorkflowRepository.Head> list(UUID tenantId, WorkflowRepository.Filter filter, UUID before, int limit) {
        return db.tx(c -> repo.page(c, tenantId, filter, before, limit));
    }

    /** A page of versions, newest first, below {@code below} (null: from the head). */
    public List<WorkflowRepository.Version> versions(UUID tenantId, UUID id, Integer below, int limit) {
        return db.tx(c -> {
            if (repo.head(c, tenantId, id, false) == null) {
                throw notFound(id);
            }
            return repo.versions(c, tenantId, id, below, limit);
        });
    }

    /** One saved version's workflow. */
    public StoredWorkflow version(UUID tenantId, UUID id, int version) {
        return versions.find(tenantId, id, version)
                .orElseThrow(() -> ProblemException.notFound("version " + version + " of workflow " + id));
    }

    public List<WorkflowRepository.TagCount> tags(UUID tenantId) {
        return db.tx(c -> repo.tags(c, tenantId));
    }

    private WorkflowRepository.Head lockedHead(Connection c, UUID tenantId, UUID id) throws SQLException {
        WorkflowRepository.Head h = repo.head(c, tenantId, id, true);
        if (h == null) {
            throw notFound(id);
        }
        return h;
    }

    /** The workflow as stored: its id is the studio's, its version the saved one. */
    static Workflow stamp(Workflow wf, UUID id, int version) {
        return new Workflow(
                id.toString(), wf.name(), version, wf.nodes(), wf.connections(), wf.settings(), wf.pinData());
    }

    private static String name(Workflow wf) {
        String name = wf.name().isBlank() ? "My workflow" : wf.name().strip();
        String problem = TextValidator.problem(name, 1, 128);
        if (problem != null) {
            throw ProblemException.invalid("name", problem);
        }
        return name;
    }

    private static WorkflowRepository.Version version(
            UUID id, int v, Workflow wf, String source, String note, UUID userId, Instant at) {
        return new WorkflowRepository.Version(id, v, WorkflowFormat.toTree(wf).toString(), source, note, userId, at);
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("workflow " + id);
    }
}
