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
import io.hetumind.studio.temporal.TemporalRuns;
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
 * runs it on this process until the next breakpoint or the end. Canceling it is the ordinary cancel. An execution
 * that runs on Temporal is held by its Temporal workflow: what it sees is read from the workflow's summary and the
 * run-data store, and continuing it claims the row the same way and tells the workflow to go on ({@link TemporalRuns}).
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
    private final TemporalRuns temporal;

    public Debugging(
            ExecutionRecords records,
            WorkflowVersions workflows,
            PreparedWorkflows prepared,
            ExecutionQueue queue,
            QueueWorker worker,
            QueueConfig config,
            ExecutionRunner runner,
            TemporalRuns temporal) {
        this.records = records;
        this.workflows = workflows;
        this.prepared = prepared;
        this.queue = queue;
        this.worker = worker;
        this.config = config;
        this.runner = runner;
        this.temporal = temporal;
    }

    /** The tenant's execution as held at its breakpoint; 404 when it is not theirs, 409 when it is not held. */
    public PausedView paused(UUID tenantId, UUID id) throws SQLException {
        ExecutionRow row = records.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("execution " + id));
        StoredWorkflow stored = workflows
                .find(tenantId, row.workflowId(), row.workflowVersion())
                .orElseThrow(() -> ProblemException.conflict("the workflow of execution " + id + " no longer exists"));
        LaunchDoc launch = LaunchDoc.parse(row.launchJson());
        PreparedWorkflow wf = prepared.get(stored, launch.destination());
        Optional<PausedView> view;
        if (launch.temporal()) {
            // held once its claim has parked it (record waiting, row parked), so a continue can claim it
            view = !"waiting".equals(row.status())
                    ? Optional.empty()
                    : temporal.held(id.toString()).flatMap(h -> prepared.engine()
                            .paused(wf, h.state(), h.task(), h.after(), RunRequest.defaults()));
        } else {
            try {
                view = prepared.engine().paused(wf, id.toString(), RunRequest.defaults());
            } catch (ExecutionNotFoundException e) {
                view = Optional.empty();
            }
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
