package io.hetumind.studio.execution;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSlice;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.Problem;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.engine.Gzip;
import io.hetumind.studio.engine.PgCheckpointer;
import io.hetumind.studio.engine.PreparedWorkflows;
import io.hetumind.studio.queue.Claimed;
import io.hetumind.studio.queue.ExecutionQueue;
import io.hetumind.studio.queue.QueueConfig;
import io.hetumind.studio.queue.QueueDepth;
import io.hetumind.studio.queue.QueueWorker;
import io.hetumind.studio.temporal.Backend;
import io.hetumind.studio.temporal.TemporalBackend;
import io.hetumind.studio.temporal.TemporalRuns;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.studio.workflow.WorkflowVersions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Starts executions for the whole studio (the execute endpoint, webhooks, schedules, retries): the workflow version is
 * validated first (a bad one is a 400 with every problem), the record and the queue row are written in one
 * transaction, then the run starts here (INLINE, under a lease this process renews, so a crash hands it to another
 * worker) or waits for a worker (QUEUED). Also cancels and deletes.
 */
@ApplicationScoped
public class ExecutionService implements Executions {
    private static final Logger LOG = Logger.getLogger(ExecutionService.class);
    private final WorkflowVersions workflows;
    private final PreparedWorkflows prepared;
    private final ExecutionRecords records;
    private final ExecutionQueue queue;
    private final QueueDepth depth;
    private final QueueWorker worker;
    private final QueueConfig config;
    private final ExecutionRunner runner;
    private final LiveEvents live;
    private final Jdbc db;
    private final TemporalBackend temporal;
    private final TemporalRuns temporalRuns;
    private final InlineSlots inline;
    private final Counter refused;
    private final StartWriter starts;
    private final BinaryStore binaries;

    public ExecutionService(
            WorkflowVersions workflows,
            PreparedWorkflows prepared,
            ExecutionRecords records,
            ExecutionQueue queue,
            QueueDepth depth,
            QueueWorker worker,
            QueueConfig config,
            ExecutionRunner runner,
            LiveEvents live,
            Jdbc db,
            TemporalBackend temporal,
            TemporalRuns temporalRuns,
            StartWriter starts,
            BinaryStore binaries,
            MeterRegistry meters) {
        this.workflows = workflows;
        this.prepared = prepared;
        this.records = records;
        this.queue = queue;
        this.depth = depth;
        this.worker = worker;
        this.config = config;
        this.runner = runner;
        this.live = live;
        this.db = db;
        this.temporal = temporal;
        this.temporalRuns = temporalRuns;
        this.starts = starts;
        this.binaries = binaries;
        this.inline = new InlineSlots(config.maxInline(), config.maxInlineSettling(), config.inlineWait());
        Gauge.builder("hetumind_inline_runs", inline, InlineSlots::running)
                .description("inline executions whose engine is at work")
                .tag("phase", "running")
                .register(meters);
        Gauge.builder("hetumind_inline_runs", inline, InlineSlots::settling)
                .description("inline executions whose engine is done, waiting for their settle")
                .tag("phase", "settling")
                .register(meters);
        this.refused = Counter.builder("hetumind_inline_refused")
                .description("inline launches refused with 503: no slot freed within inline-wait")
                .register(meters);
    }

    @Override
    public StartedExecution start(Launch launch) {
        return start(launch, null);
    }

    /** Starts an execution; {@code retryOf} names the execution it retries. */
    public StartedExecution start(Launch launch, UUID retryOf) {
        return start(launch, retryOf, false);
    }

    @Override
    public StartedExecution startOnce(Launch launch) {
        if (launch.id() == null || launch.placement() != Placement.QUEUED) {
            throw new IllegalArgumentException("a start once names its execution id and is queued");
        }
        // the common repeat is seen before anything is copied or admitted; the insert below settles a race
        Optional<UUID> owner = ownerOf(launch.id());
        if (owner.isPresent()) {
            return startedBefore(launch, owner.get());
        }
        return start(launch, null, true);
    }

    private Optional<UUID> ownerOf(UUID id) {
        try {
            return db.read(c -> ExecutionRecords.tenantOf(c, id));
        } catch (SQLException e) {
            throw new IllegalStateException("could not look up execution " + id + ": " + e.getMessage(), e);
        }
    }

    /** The execution a start once found recorded already: its own tenant's, or refused. */
    private StartedExecution startedBefore(Launch launch, UUID owner) {
        if (!owner.equals(launch.tenantId())) {
            throw ProblemException.conflict("execution id " + launch.id() + " is taken");
        }
        LOG.debugf("execution %s was started before; not started again", launch.id());
        return new Started(
                launch.id().toString(),
                CompletableFuture.failedFuture(new IllegalStateException(
                        "execution " + launch.id() + " was started before; its outcome is in its record")));
    }

    private StartedExecution start(Launch launch, UUID retryOf, boolean once) {
        StoredWorkflow stored = workflows
                .find(launch.tenantId(), launch.workflowId(), launch.workflowVersion())
                .orElseThrow(() -> ProblemException.notFound("workflow " + launch.workflowId()));
        PreparedWorkflow wf = prepare(stored);
        if (launch.startNode() != null && wf.graph().indexOf(launch.startNode()) < 0) {
            throw ProblemException.invalid("startNode", "the workflow has no node '" + launch.startNode() + "'");
        }
        if (launch.startNode() == null && wf.graph().triggers().isEmpty()) {
            throw ProblemException.badRequest("no-trigger", "the workflow has no trigger to start from");
        }
        if (launch.destinationNode() != null) {
            destination(stored, wf, launch);
        }
        if (launch.breakpoints() != null) {
            for (String node : launch.breakpoints().before()) {
                known(wf, "breakpoints.before", node);
            }
            for (String node : launch.breakpoints().after()) {
                known(wf, "breakpoints.after", node);
            }
        }
        boolean here = launch.placement() == Placement.INLINE;
        InlineSlots.Slot slot = here ? inline.acquire() : null;
        if (here && slot == null) {
            refused.increment();
            throw new ProblemException(
                    503,
                    "busy",
                    "Service unavailable",
                    "this studio runs " + config.maxInline() + " executions inline already and none ended within "
                            + config.inlineWait().toMillis() + " ms; try again later",
                    null,
                    config.retryAfter());
        }
        try {
            if (!here) {
                depth.admit(launch.tenantId());
            }
            UUID id = launch.id() != null ? launch.id() : Ids.next();
            Instant created = ExecutionRecords.createdAt(id);
            String mode = launch.mode() == null ? "manual" : launch.mode();
            LaunchDoc doc = new LaunchDoc(
                    mode,
                    launch.startNode(),
                    LaunchBinaries.owned(binaries, id.toString(), launch.triggerItems()),
                    launch.startedBy(),
                    retryOf,
                    launch.destinationNode(),
                    launch.breakpoints(),
                    onTemporal(launch));
            CompletableFuture<ExecutionResult> result = runner.awaitResult(id.toString());
            String launchJson = doc.toJson(); // once: the record, the queue row and an inline claim share it
            if (!record(launch, id, created, mode, doc, launchJson, here, once)) {
                // a concurrent start of the same id recorded it first; its waiter (if here) is the one above
                Optional<UUID> owner = ownerOf(id);
                if (owner.isPresent() && !owner.get().equals(launch.tenantId())) {
                    throw ProblemException.conflict("execution id " + id + " is taken");
                }
                return new Started(id.toString(), result);
            }
            if (here) {
                worker.hold(id, 1);
                Claimed claim = new Claimed(
                        id,
                        created,
                        launch.tenantId(),
                        launch.workflowId(),
                        launch.workflowVersion(),
                        1,
                        1,
                        launchJson,
                        0,
                        false);
                Map<Class<?>, Object> services = launch.services() == null ? Map.of() : launch.services();
                Thread.ofVirtual().name("exec-" + id).start(() -> {
                    try {
                        runner.run(claim, services, slot::handOver);
                    } finally {
                        worker.release(id);
                        slot.release();
                    }
                });
            } else {
                live.status(launch.tenantId(), id.toString(), launch.workflowId(), "new");
            }
            return new Started(id.toString(), result);
        } catch (RuntimeException e) {
            if (slot != null) {
                slot.release();
            }
            throw e;
        }
    }

    /**
     * Checks a run up to {@code launch.destinationNode()}: the node exists, the run's start leads to it (the named start
     * node, or else some enabled trigger — the slice starts from the first that does), and the slice validates.
     */
    private void destination(StoredWorkflow stored, PreparedWorkflow wf, Launch launch) {
        String node = launch.destinationNode();
        if (wf.graph().indexOf(node) < 0) {
            throw ProblemException.invalid("destinationNode", "the workflow has no node '" + node + "'");
        }
        Workflow w = stored.workflow();
        if (launch.startNode() != null) {
            if (!WorkflowSlice.reaches(w, launch.startNode(), node)) {
                throw ProblemException.invalid(
                        "destinationNode",
                        "node '" + node + "' is not reached from start node '" + launch.startNode() + "'");
            }
        } else if (wf.graph().triggers().stream().noneMatch(t -> WorkflowSlice.reaches(w, t, node))) {
            throw ProblemException.invalid("destinationNode", "no enabled trigger leads to node '" + node + "'");
        }
        prepare(stored, node);
    }

    private static void known(PreparedWorkflow wf, String field, String node) {
        if (wf.graph().indexOf(node) < 0) {
            throw ProblemException.invalid(field, "the workflow has no node '" + node + "'");
        }
    }

    private PreparedWorkflow prepare(StoredWorkflow stored) {
        return prepare(stored, null);
    }

    private PreparedWorkflow prepare(StoredWorkflow stored, String destination) {
        try {
            return prepared.get(stored, destination);
        } catch (WorkflowInvalidException e) {
            throw new ProblemException(
                    400,
                    "workflow-invalid",
                    "Invalid workflow",
                    e.getMessage(),
                    e.report().errors().stream()
                            .map(p -> new Problem.FieldError(
                                    p.node() == null ? p.path() : p.node() + ": " + p.path(), p.message()))
                            .toList(),
                    null);
        }
    }

    /**
     * Writes the record and the queue row together. A caller that claims something in its own (JTA) transaction — a
     * schedule tick — has them written in that transaction ({@link Jdbc#tx} joins it), so the claim and the execution
     * commit or roll back together. {@code once}: nothing is written when a record with the id exists (false back).
     */
    private boolean record(
            Launch launch,
            UUID id,
            Instant created,
            String mode,
            LaunchDoc doc,
            String launchJson,
            boolean here,
            boolean once) {
        ExecutionRow row = new ExecutionRow(
                id,
                created,
                launch.tenantId(),
                launch.workflowId(),
                launch.workflowVersion(),
                mode,
                here ? "running" : "new",
                launch.startedBy(),
                doc.retryOf(),
                here ? Instant.now() : null,
                null,
                null,
                null,
                null,
                launchJson,
                null,
                null);
        try {
            if (here && !db.joinsCallersTransaction()) {
                // an inline start on its own: committed with the others handed in meanwhile
                starts.write(
                        row,
                        new ExecutionQueue.InlineRow(
                                id,
                                created,
                                launch.tenantId(),
                                launch.workflowId(),
                                launch.workflowVersion(),
                                priority(mode),
                                launchJson,
                                worker.owner(),
                                config.lease()));
                return true;
            }
            return db.txChecked(c -> {
                if (once) {
                    if (!ExecutionRecords.insertIfAbsent(c, row)) {
                        return false;
                    }
                } else {
                    records.insert(c, row);
                }
                queue.insert(
                        c,
                        id,
                        created,
                        launch.tenantId(),
                        launch.workflowId(),
                        launch.workflowVersion(),
                        priority(mode),
                        launchJson,
                        here ? worker.owner() : null,
                        config.lease());
                return true;
            });
        } catch (SQLException e) {
            runner.stopWaiting(id.toString());
            throw new IllegalStateException("could not record execution " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a new execution runs on Temporal: the launch's choice, else {@code hetumind.executor}. Runs with per-run
     * services that need this process (a streaming webhook's chunk sink) run natively whatever the setting, since they
     * cannot travel to a Temporal worker. A webhook's {@link WebhookResponder} is the exception: on Temporal the
     * worker's try writes the answer to the run-data store and the claim here hands it to the responder ({@link
     * TemporalRuns}), so Respond to Webhook runs go to Temporal too. A debugger's breakpoints go with the run: its
     * Temporal workflow holds at them ({@link Debugging}).
     */
    private boolean onTemporal(Launch launch) {
        boolean wanted = launch.executor() != null
                ? launch.executor() == Backend.TEMPORAL
                : temporal.defaultBackend() == Backend.TEMPORAL;
        boolean local = launch.services() != null
                && launch.services().keySet().stream().anyMatch(type -> type != WebhookResponder.class);
        return wanted && !local;
    }

    /** Designer runs and retries go before webhook traffic, which goes before schedules and other triggers. */
    static int priority(String mode) {
        return switch (mode) {
            case "manual", "retry" -> 20;
            case "webhook" -> 10;
            default -> 0;
        };
    }

    /**
     * Cancels a tenant's execution: the run here is stopped through the engine; one queued, parked or held by another
     * worker (which sees the request at its next lease renewal, or is fenced) is settled as canceled at once.
     */
    public void cancel(UUID tenantId, UUID id) throws SQLException {
        ExecutionRow row = records.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("execution " + id));
        if (isSettled(row.status())) {
            throw ProblemException.conflict("execution " + id + " is " + row.status() + " already");
        }
        if (runner.cancelLocal(id.toString())) {
            return;
        }
        boolean onTemporal = LaunchDoc.parse(row.launchJson()).temporal();
        byte[] data = currentData(row);
        db.txChecked(c -> {
            ExecutionQueue.Held held = queue.lockForCancel(c, tenantId, id);
            if (held == null) {
                throw ProblemException.conflict("execution " + id + " has just finished");
            }
            queue.remove(c, id);
            records.settle(c, id, "canceled", Instant.now(), null, row.lastNode(), "canceled by a user", data);
            return null;
        });
        if (onTemporal) {
            // parked, or waited on by another studio (which stops waiting at its next renewal): Temporal stops it too
            try {
                temporalRuns.cancel(id.toString());
            } catch (RuntimeException e) {
                LOG.warnf(
                        "execution %s is canceled, but its Temporal workflow could not be told: %s",
                        id, e.getMessage());
            }
        }
        runner.counted("canceled");
        live.status(tenantId, id.toString(), row.workflowId(), "canceled");
    }

    /** The run so far of an unsettled execution, with status canceled, from its checkpoint (null when none). */
    private byte[] currentData(ExecutionRow row) {
        try {
            Optional<StoredWorkflow> stored = workflows.find(row.tenantId(), row.workflowId(), row.workflowVersion());
            if (stored.isEmpty()) {
                return row.data();
            }
            ExecutionState state = state(row, stored.get());
            if (state == null) {
                return row.data();
            }
            var json = RunDataJson.of(state);
            json.put("status", "canceled");
            return Gzip.compress(json.toString());
        } catch (RuntimeException e) {
            return row.data();
        }
    }

    /** The state recovered from an execution's checkpoint, or null when it has none yet. */
    ExecutionState runnerState(StoredWorkflow stored, String id) {
        try {
            return engineRecover(prepared.get(stored), id);
        } catch (io.hetumind.core.engine.ExecutionNotFoundException e) {
            return null;
        }
    }

    private ExecutionState engineRecover(PreparedWorkflow wf, String id) {
        return prepared.engine().recover(wf, id);
    }

    /** Deletes a settled execution with its checkpoint and binaries' references; a running one is a 409. */
    public void delete(UUID tenantId, UUID id) throws SQLException {
        ExecutionRow row = records.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("execution " + id));
        if (!isSettled(row.status())) {
            throw ProblemException.conflict("execution " + id + " is " + row.status() + "; cancel it first");
        }
        db.txChecked(c -> {
            records.delete(c, tenantId, id);
            PgCheckpointer.delete(c, id.toString());
            return null;
        });
    }

    /** The live state of an unsettled execution, rendered as stored runs are (null when it has not started). */
    public ExecutionState liveState(ExecutionRow row) {
        Optional<StoredWorkflow> stored = workflows.find(row.tenantId(), row.workflowId(), row.workflowVersion());
        return stored.map(s -> state(row, s)).orElse(null);
    }

    /** The run so far: from Temporal for an execution that runs there, else from its checkpoint. */
    private ExecutionState state(ExecutionRow row, StoredWorkflow stored) {
        if (LaunchDoc.parse(row.launchJson()).temporal()) {
            try {
                return temporalRuns.current(row.id().toString()).orElse(null);
            } catch (RuntimeException e) {
                // Temporal out of reach, or its run data already gone with a settle: what the record holds is shown
                return null;
            }
        }
        return runnerState(stored, row.id().toString());
    }

    static boolean isSettled(String status) {
        return "success".equals(status) || "error".equals(status) || "canceled".equals(status);
    }

    /** What {@link #start} hands back. */
    record Started(String executionId, CompletableFuture<ExecutionResult> future) implements StartedExecution {
        @Override
        public CompletionStage<ExecutionResult> result() {
            return future;
        }
    }
}
