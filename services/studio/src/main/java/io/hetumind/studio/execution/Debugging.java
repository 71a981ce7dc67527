package io.hetumind.studio.execution;

import io.hetumind.core.engine.ExecutionNotFoundException;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.PausedView;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.engine.PreparedWorkflows;
import io.hetumind.studio.queue.Claimed;
import io.hetumind.studio.queue.ExecutionQueue;
import io.hetumind.studio.queue.QueueConfig;
import io.hetumind.studio.queue.QueueWorker;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.studio.workflow.WorkflowVersions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Executions held at a breakpoint (started with {@code breakpoints}): what the held node sees, and going on from there.
 * A held execution is parked like a Wait for a call; continuing claims its row (one request wins on any replica) and
 * runs it on this process until the next breakpoint or the end. Canceling it is the ordinary cancel.
 */
@ApplicationScoped
public class Debugging {
    private final ExecutionRecords records;
    private final WorkflowVersions workflows;
    private final PreparedWorkflows prepared;
    private final ExecutionQueue queue;
    private final QueueWorker worker;
    private final QueueConfig config;
    private final ExecutionRunner runner;

    public Debugging(
            ExecutionRecords records,
            WorkflowVersions workflows,
            PreparedWorkflows prepared,
            ExecutionQueue queue,
            QueueWorker worker,
            QueueConfig config,
            ExecutionRunner runner) {
        this.records = records;
        this.workflows = workflows;
        this.prepared = prepared;
        this.queue = queue;
        this.worker = worker;
        this.config = config;
        this.runner = runner;
    }

    /** The tenant's execution as held at its breakpoint; 404 when it is not theirs, 409 when it is not held. */
    public PausedView paused(UUID tenantId, UUID id) throws SQLException {
        ExecutionRow row = records.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("execution " + id));
        StoredWorkflow stored = workflows
                .find(tenantId, row.workflowId(), row.workflowVersion())
                .orElseThrow(() -> ProblemException.conflict("the workflow of execution " + id + " no longer exists"));
        PreparedWorkflow wf =
                prepared.get(stored, LaunchDoc.parse(row.launchJson()).destination());
        Optional<PausedView> view;
        try {
            view = prepared.engine().paused(wf, id.toString(), RunRequest.defaults());
        } catch (ExecutionNotFoundException e) {
            view = Optional.empty();
        }
        return view.orElseThrow(() ->
                ProblemException.conflict("execution " + id + " is " + row.status() + ", not held at a breakpoint"));
    }

    /** Goes on with a held execution in the background: to its next breakpoint, or ({@code step}) one node. */
    public Executions.StartedExecution proceed(UUID tenantId, UUID id, boolean step) throws SQLException {
        paused(tenantId, id); // theirs, and held at a breakpoint
        Optional<Claimed> claimed = queue.claimParked(worker.owner(), id, config.lease());
        if (claimed.isEmpty()) {
            throw ProblemException.conflict("execution " + id + " is already going on");
        }
        Claimed c = claimed.get();
        worker.hold(id, c.lease());
        CompletableFuture<ExecutionResult> result = runner.awaitResult(id.toString());
        Thread.ofVirtual().name("debug-" + id).start(() -> {
            try {
                runner.continueHeld(c, step);
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
}
