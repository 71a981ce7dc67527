package io.hetumind.studio.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.InvalidResumeTokenException;
import io.hetumind.core.engine.WaitingCall;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.engine.Gzip;
import io.hetumind.studio.queue.Claimed;
import io.hetumind.studio.queue.ExecutionQueue;
import io.hetumind.studio.queue.QueueConfig;
import io.hetumind.studio.queue.QueueWorker;
import io.hetumind.studio.workflow.WorkflowVersions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;

/**
 * Resumes executions parked by a Wait "On Webhook Call" ({@code /webhook-waiting/{token}}): the token is the engine's
 * signed resume token ({@code <executionId>.<mac>}), so only someone who was handed {@code $execution.resumeUrl} can
 * resume. The parked queue row is claimed by this process (one request wins on any replica) and the run goes on here
 * with the request as the waiting node's output. A forged token or an unknown execution is a 404; one that is not
 * waiting for a call (running, waiting only for a time, finished) a 409; nothing changes in either case. A wait for a
 * call with a time limit (n8n's Limit Wait Time) is queued for that time and resumed by a call before it. A node that waits
 * for its own signed links (Send Email's Send and Wait) is resumed only through them ({@link #decide}). A request is
 * read ({@link #waiter}), decided and only then carried out ({@link #carry}), so that the host checks a Wait's own
 * authentication in between.
 */
@ApplicationScoped
public class WaitingResumer {
    private final Engine engine;
    private final ExecutionQueue queue;
    private final QueueWorker worker;
    private final QueueConfig config;
    private final ExecutionRunner runner;
    private final DataSource ds;
    private final WorkflowVersions workflows;

    public WaitingResumer(
            Engine engine,
            ExecutionQueue queue,
            QueueWorker worker,
            QueueConfig config,
            ExecutionRunner runner,
            DataSource ds,
            WorkflowVersions workflows) {
        this.workflows = workflows;
        this.engine = engine;
        this.queue = queue;
        this.worker = worker;
        this.config = config;
        this.runner = runner;
        this.ds = ds;
    }

    /** What a request to a resume URL did: resumed the execution, or only answered. */
    public sealed interface Handled {}

    /**
     * Resumed {@code executionId}; the run goes on in the background. {@code response} null: the default reply.
     * {@code execution} is the resumed run (its result once it parks again or ends).
     */
    public record Resumed(String executionId, WebhookResponse response, Executions.StartedExecution execution)
            implements Handled {}

    /** Answered with {@code response}; nothing resumed. */
    public record Answered(WebhookResponse response) implements Handled {}

    /**
     * The execution a resume token names, as a request to its URL needs it: its tenant, its workflow (null when that
     * version is gone), the node it waits at (null: none, or not known here) and its mode ({@code manual} for a run
     * from the designer).
     */
    public record Waiter(
            String token,
            UUID executionId,
            UUID tenantId,
            UUID workflowId,
            int workflowVersion,
            Workflow workflow,
            Node node,
            String mode) {}

    /**
     * The execution {@code token} names; a forged token or an unknown execution is a 404 problem. Reads only: a
     * request is checked against the waiting node ({@link #decide}) before anything changes.
     */
    public Waiter waiter(String token) {
        UUID id = executionOf(token);
        try {
            return waiting(token, id)
                    .orElseThrow(() -> new ProblemException(
                            404, "execution-not-found", "Not found", "The execution \"" + id + "\" does not exist."));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read execution " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@code call} does to the execution ({@link Engine#decide}): resumes a Wait "On Webhook Call" when its
     * method and suffix match, resumes a node that waits for its signed links (Send and Wait) with that node's answer,
     * only answers (a page), or is refused (a missing or forged signature: 401; no waiting webhook with that
     * method/path: 404).
     */
    public WaitingCall.Decision decide(Waiter w, WaitingCall call) {
        try {
            return engine.decide(
                    w.workflow(), w.node() == null ? null : w.node().name(), call);
        } catch (InvalidResumeTokenException e) {
            throw notFound();
        }
    }

    /**
     * Carries out {@code decision}: a plain call resumes with {@code item} (the request as a Webhook node's item) as
     * the waiting node's output, with {@code services} for the run (a Wait answering through Respond to Webhook);
     * a refusal is thrown as its problem.
     */
    public Handled carry(Waiter w, WaitingCall.Decision decision, Item item, Map<Class<?>, Object> services) {
        return switch (decision) {
            case WaitingCall.Refused r -> throw new ProblemException(r.status(), r.type(), r.title(), r.detail());
            case WaitingCall.Answer a -> new Answered(a.response());
            case WaitingCall.Plain p -> {
                Executions.StartedExecution started = resume(w.token(), List.of(item), p.waitsForCall(), services);
                yield new Resumed(started.executionId(), null, started);
            }
            case WaitingCall.Resume r -> {
                Executions.StartedExecution started = resume(w.token(), r.items(), true, Map.of());
                yield new Resumed(started.executionId(), r.response(), started);
            }
        };
    }

    private Optional<Waiter> waiting(String token, UUID id) throws SQLException {
        UUID tenant;
        UUID workflowId;
        int version;
        String mode;
        String node = null;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT tenant_id, workflow_id, workflow_version,"
                        + " CASE WHEN status = 'waiting' THEN data END, mode FROM execution"
                        + " WHERE id = ? AND created_at = ?")) {
            ps.setObject(1, id);
            ps.setTimestamp(2, java.sql.Timestamp.from(ExecutionRecords.createdAt(id)));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                tenant = rs.getObject(1, UUID.class);
                workflowId = rs.getObject(2, UUID.class);
                version = rs.getInt(3);
                mode = rs.getString(5);
                byte[] data = rs.getBytes(4);
                if (data != null) {
                    JsonNode stored = Json.parse(Gzip.decompress(data));
                    node = stored.path("waitingNode").isTextual()
                            ? stored.get("waitingNode").asText()
                            : null;
                }
            }
        }
        // a version gone meanwhile waits at nothing here; the claim reports the missing workflow as it always did
        Workflow workflow = workflows
                .find(tenant, workflowId, version)
                .map(w -> w.workflow())
                .orElse(null);
        Node waitsAt =
                workflow == null || node == null ? null : workflow.node(node).orElse(null);
        return Optional.of(new Waiter(token, id, tenant, workflowId, version, workflow, waitsAt, mode));
    }

    /** Resumes the execution {@code token} names with {@code items}; the run goes on in the background. */
    public Executions.StartedExecution resume(String token, List<Item> items) {
        return resume(token, items, false, Map.of());
    }

    /**
     * {@link #resume(String, List)}; with {@code limited}, also an execution whose wait has a time limit (queued for
     * that time rather than parked), as a Wait "On Webhook Call" or a Send and Wait with Limit Wait Time.
     */
    private Executions.StartedExecution resume(
            String token, List<Item> items, boolean limited, Map<Class<?>, Object> services) {
        UUID id = executionOf(token);
        Optional<Claimed> claimed;
        try {
            claimed = queue.claimParked(worker.owner(), id, config.lease(), limited);
            if (claimed.isEmpty()) {
                throw whyNot(id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim execution " + id + ": " + e.getMessage(), e);
        }
        Claimed c = claimed.get();
        worker.hold(id, c.lease());
        CompletableFuture<ExecutionResult> result = runner.awaitResult(id.toString());
        Thread.ofVirtual().name("resume-" + id).start(() -> {
            try {
                runner.resumeWaiting(c, List.of(items), services);
            } finally {
                worker.release(id);
            }
        });
        String executionId = id.toString();
        return new Executions.StartedExecution() {
            @Override
            public String executionId() {
                return executionId;
            }

            @Override
            public CompletionStage<ExecutionResult> result() {
                return result;
            }
        };
    }

    private UUID executionOf(String token) {
        String id;
        try {
            id = engine.executionOfResumeToken(token);
        } catch (InvalidResumeTokenException e) {
            throw notFound();
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // a child execution's own Wait (inside a sub-workflow) is resumed through its parent, not by URL
            throw notFound();
        }
    }

    private ProblemException whyNot(UUID id) throws SQLException {
        Optional<String> state = queue.state(id);
        if (state.isPresent()) {
            return ProblemException.conflict(
                    "claimed".equals(state.get())
                            ? "The execution \"" + id + "\" is running already."
                            : "The execution \"" + id + "\" is waiting for a time, not for a webhook call.");
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT status FROM execution WHERE id = ? AND created_at = ?")) {
            ps.setObject(1, id);
            ps.setObject(2, java.sql.Timestamp.from(ExecutionRecords.createdAt(id)));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new ProblemException(
                            404, "execution-not-found", "Not found", "The execution \"" + id + "\" does not exist.");
                }
                return ProblemException.conflict(
                        "error".equals(rs.getString(1))
                                ? "The execution \"" + id + "\" has finished with error."
                                : "The execution \"" + id + "\" has finished already.");
            }
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(
                404,
                "execution-not-found",
                "Not found",
                "No execution is waiting at this URL (the link is unknown, altered or incomplete).");
    }
}
