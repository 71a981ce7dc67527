package io.hetumind.studio.execution;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.InvalidResumeTokenException;
import io.hetumind.core.model.Item;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.queue.Claimed;
import io.hetumind.studio.queue.ExecutionQueue;
import io.hetumind.studio.queue.QueueConfig;
import io.hetumind.studio.queue.QueueWorker;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
 * waiting for a call (running, waiting for a time, finished) a 409; nothing changes in either case.
 */
@ApplicationScoped
public class WaitingResumer {
    private final Engine engine;
    private final ExecutionQueue queue;
    private final QueueWorker worker;
    private final QueueConfig config;
    private final ExecutionRunner runner;
    private final DataSource ds;

    public WaitingResumer(
            Engine engine,
            ExecutionQueue queue,
            QueueWorker worker,
            QueueConfig config,
            ExecutionRunner runner,
            DataSource ds) {
        this.engine = engine;
        this.queue = queue;
        this.worker = worker;
        this.config = config;
        this.runner = runner;
        this.ds = ds;
    }

    /** Resumes the execution {@code token} names with {@code items}; the run goes on in the background. */
    public Executions.StartedExecution resume(String token, List<Item> items) {
        UUID id = executionOf(token);
        Optional<Claimed> claimed;
        try {
            claimed = queue.claimParked(worker.owner(), id, config.lease());
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
                runner.resumeWaiting(c, List.of(items));
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
