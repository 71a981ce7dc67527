package io.hetumind.studio.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ErrorWorkflowLauncher;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionHandle;
import io.hetumind.core.engine.ExecutionNotFoundException;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.engine.WorkflowGraph;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.engine.WorkflowResolver;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.ExecutionCustomData;
import io.hetumind.core.spi.ProcessedDataStore;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.studio.credential.TenantCredentials;
import io.hetumind.studio.engine.EngineConfig;
import io.hetumind.studio.engine.Gzip;
import io.hetumind.studio.engine.PgCheckpointer;
import io.hetumind.studio.engine.PreparedWorkflows;
import io.hetumind.studio.queue.Claimed;
import io.hetumind.studio.queue.ExecutionQueue;
import io.hetumind.studio.statistics.ExecutionFigures;
import io.hetumind.studio.statistics.StatisticsRepository;
import io.hetumind.studio.temporal.RecordedRun;
import io.hetumind.studio.temporal.TemporalBackend;
import io.hetumind.studio.temporal.TemporalRuns;
import io.hetumind.studio.workflow.ProcessedData;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.studio.workflow.TenantWorkflows;
import io.hetumind.studio.workflow.WorkflowVersions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs one claimed execution on this process, inline or from the queue: a first claim starts it, a later claim (its
 * worker was lost, or it was parked and is due) resumes it from its checkpoint, so no finished node runs again. The
 * outcome is recorded in the same transaction that releases the queue row under the claim's lease; a worker that lost
 * its lease (the engine's commit was fenced, or the row moved on) records nothing.
 */
@ApplicationScoped
public class ExecutionRunner {
    private static final Runnable NOTHING = () -> {};
    private static final Logger LOG = Logger.getLogger(ExecutionRunner.class);
    /**
     * Claims after which a run that keeps failing outside its workflow (an engine fault, not the database being out of
     * reach: that only delays it) is recorded as failed.
     */
    static final int MAX_CLAIMS = 5;

    private final Engine engine;
    private final PreparedWorkflows prepared;
    private final WorkflowVersions workflows;
    private final TenantCredentials credentials;
    private final TenantWorkflows tenantWorkflows;
    private final ExecutionRecords records;
    private final ExecutionQueue queue;
    private final LiveEvents live;
    private final Jdbc db;
    private final Settler settler;
    private final EngineConfig config;
    private final ExecutionsConfig executions;
    private final MeterRegistry meters;
    private final TemporalRuns temporal;
    private final PgCheckpointer checkpoints;
    private final LivePlugins plugins;
    private final ProcessedData processedData;
    private final CustomData customData;
    private final Map<String, ExecutionHandle> handles = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ExecutionResult>> waiters = new ConcurrentHashMap<>();
    private final Counter lost;

    public ExecutionRunner(
            Engine engine,
            PreparedWorkflows prepared,
            WorkflowVersions workflows,
            TenantCredentials credentials,
            TenantWorkflows tenantWorkflows,
            ExecutionRecords records,
            ExecutionQueue queue,
            LiveEvents live,
            Jdbc db,
            Settler settler,
            EngineConfig config,
            ExecutionsConfig executions,
            MeterRegistry meters,
            TemporalRuns temporal,
            PgCheckpointer checkpoints,
            LivePlugins plugins,
            ProcessedData processedData,
            CustomData customData) {
        this.customData = customData;
        this.engine = engine;
        this.processedData = processedData;
        this.plugins = plugins;
        this.checkpoints = checkpoints;
        this.prepared = prepared;
        this.workflows = workflows;
        this.credentials = credentials;
        this.tenantWorkflows = tenantWorkflows;
        this.records = records;
        this.queue = queue;
        this.live = live;
        this.db = db;
        this.settler = settler;
        this.config = config;
        this.executions = executions;
        this.meters = meters;
        this.temporal = temporal;
        this.lost = Counter.builder("hetumind_executions_lost")
                .description("Runs abandoned because another worker took the execution over (lease lapsed)")
                .register(meters);
    }

    /** A future completed when the execution next parks or finishes (here, or on any worker). */
    public CompletableFuture<ExecutionResult> awaitResult(String executionId) {
        return waiters.computeIfAbsent(executionId, k -> new CompletableFuture<>());
    }

    /** Another process recorded the execution parked or finished: complete a local waiter from the store. */
    public void settledElsewhere(UUID tenantId, String executionId) {
        CompletableFuture<ExecutionResult> f = waiters.get(executionId);
        if (f == null || f.isDone()) {
            return;
        }
        try {
            Optional<ExecutionRow> row = records.find(tenantId, UUID.fromString(executionId));
            if (row.isEmpty()) {
                return;
            }
            if (LaunchDoc.parse(row.get().launchJson()).temporal()) {
                // no checkpoint to recover, and its run-data rows went with the queue row: the record holds the run
                complete(executionId, new ExecutionResult(RecordedRun.state(row.get())));
                return;
            }
            Optional<StoredWorkflow> wf =
                    workflows.find(tenantId, row.get().workflowId(), row.get().workflowVersion());
            if (wf.isPresent()) {
                ExecutionState state = engine.recover(prepared.get(wf.get()), executionId);
                complete(executionId, new ExecutionResult(state));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("could not read settled execution %s: %s", executionId, e.getMessage());
        }
    }

    /** Cancels the execution if this process runs it; false when it does not. */
    public boolean cancelLocal(String executionId) {
        ExecutionHandle h = handles.get(executionId);
        if (h == null) {
            return temporal.cancelLocal(executionId);
        }
        h.cancel("canceled by a user");
        return true;
    }

    /**
     * Stops the local run of an execution this process no longer holds (its lease lapsed and another worker claimed it,
     * or its row is gone) without writing anything more: a cancel would be committed to the checkpoint, and the new
     * owner would find the execution ended. False when it does not run here.
     */
    public boolean abandonLocal(String executionId) {
        ExecutionHandle h = handles.get(executionId);
        if (h == null) {
            return temporal.abandon(executionId);
        }
        h.abandon();
        return true;
    }

    /** Whether this process runs the execution now. */
    public boolean runsHere(String executionId) {
        return handles.containsKey(executionId) || temporal.runsHere(executionId);
    }

    /** Runs (or resumes) a claimed execution until it parks or ends; null when this worker lost it meanwhile. */
    public ExecutionResult run(Claimed c, Map<Class<?>, Object> services) {
        return run(c, services, null, false, false, NOTHING);
    }

    /**
     * Runs a claimed execution like {@link #run(Claimed, Map)}; {@code engineDone} is called once the engine has
     * finished with it (ended or parked) and only its settle is left.
     */
    public ExecutionResult run(Claimed c, Map<Class<?>, Object> services, Runnable engineDone) {
        return run(c, services, null, false, false, engineDone);
    }

    /**
     * Goes on with a claimed execution held at a breakpoint: the held node runs, and the run pauses again at the next
     * breakpoint of its launch — or, with {@code step}, before the next node.
     */
    public ExecutionResult continueHeld(Claimed c, boolean step) {
        return run(c, Map.of(), null, step, true, NOTHING);
    }

    /**
     * Resumes a claimed execution parked for an outside call with {@code outputs} as its waiting node's output (the
     * {@code /webhook-waiting/} request), until it parks again or ends; null when this worker lost it meanwhile. {@code
     * services} go to the run (a Wait answering its call through Respond to Webhook).
     */
    public ExecutionResult resumeWaiting(Claimed c, List<List<Item>> outputs, Map<Class<?>, Object> services) {
        return run(c, services, outputs, false, false, NOTHING);
    }

    private ExecutionResult run(
            Claimed c,
            Map<Class<?>, Object> services,
            List<List<Item>> resumeWith,
            boolean step,
            boolean fromHold,
            Runnable engineDone) {
        String id = c.id().toString();
        live.running(id, c.tenantId(), c.workflowId());
        LivePlugins.Use use = null;
        try {
            Optional<StoredWorkflow> stored = workflows.find(c.tenantId(), c.workflowId(), c.workflowVersion());
            if (stored.isEmpty()) {
                return fail(c, "workflow " + c.workflowId() + " version " + c.workflowVersion() + " no longer exists");
            }
            LaunchDoc launch = LaunchDoc.parse(c.launchJson());
            if ("manual".equals(launch.mode())) {
                live.interactive(id);
            }
            PreparedWorkflow wf;
            try {
                Held held = prepareHeld(stored.get(), launch.destination());
                wf = held.wf();
                use = held.use();
            } catch (WorkflowInvalidException | IllegalArgumentException e) {
                return fail(c, e.getMessage());
            }
            SaveSettings saving = SaveSettings.of(wf.graph().workflow().settings(), executions);
            RunRequest req = request(c, launch, stored.get(), services, saving);
            if (step) {
                req = req.withBreakpoints(req.breakpoints().stepping());
            }
            ExecutionResult result;
            long wakeAt = -1;
            String waitingNode = null;
            if (launch.temporal()) {
                live.status(c.tenantId(), id, c.workflowId(), "running");
                Optional<TemporalRuns.Outcome> outcome = temporal.run(
                        id,
                        wf.graph().workflow(),
                        req,
                        TemporalBackend.context(c.tenantId(), c.workflowId(), runAs(launch, stored.get())),
                        resumeWith,
                        fromHold ? req.breakpoints() : null);
                if (outcome.isEmpty()) {
                    return lost(c);
                }
                result = outcome.get().result();
                wakeAt = outcome.get().wakeAt();
                waitingNode = outcome.get().waitingNode();
            } else {
                // the run's last commit goes with its settle below, unless it carries an outside effect's outcome
                // and a run whose record goes once it ends (saving off) needs no last commit built at all
                String mode = launch.mode();
                checkpoints.endWithSettle(
                        id,
                        event -> replaySafeOutcome(event, wf.graph()),
                        status -> !saving.keeps(mode, status.wire()));
                if (resumeWith != null) {
                    result = engine.resumeWaiting(wf, engine.resumeToken(id), resumeWith, req);
                } else if (c.claims() > 1) {
                    try {
                        result = c.handedBack() ? engine.resumeInterrupted(wf, id, req) : engine.resume(wf, id, req);
                    } catch (ExecutionNotFoundException e) {
                        result = startHere(wf, req);
                    }
                } else {
                    result = startHere(wf, req);
                }
                wakeAt = result.state().wakeAt();
                waitingNode = Engine.nodeResumedByUrl(result.state());
            }
            engineDone.run();
            if (!settle(
                    c,
                    result,
                    saving.keeps(launch.mode(), result.state().status().wire()),
                    wf.graph().workflow(),
                    wakeAt,
                    waitingNode,
                    launch.temporal())) {
                return lost(c);
            }
            complete(id, result);
            return result;
        } catch (CheckpointConflictException e) {
            return lost(c);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof CheckpointConflictException) {
                return lost(c);
            }
            if (Jdbc.unreachable(e)) {
                // the database went away mid-run: not the execution's fault, so it never counts towards failing it
                return requeue(c, e, backoff(c.claims()));
            }
            if (c.claims() < MAX_CLAIMS) {
                return requeue(c, e, 1000);
            }
            LOG.errorf(e, "execution %s failed unexpectedly %d times; it ends as an error", id, c.claims());
            return fail(c, "the engine failed: " + e);
        } finally {
            checkpoints.takeEnd(id); // a run that never reached its settle leaves its last commit unwritten
            if (use != null) {
                use.close();
            }
        }
    }

    private record Held(PreparedWorkflow wf, LivePlugins.Use use) {}

    /**
     * The prepared workflow and a hold on the plugin versions it runs on, which are destroyed only after the run ends;
     * one prepared before a plugin reload is prepared again with the node types in service now.
     */
    private Held prepareHeld(StoredWorkflow stored, String destination) {
        PreparedWorkflow wf = prepared.get(stored, destination);
        Optional<LivePlugins.Use> use = plugins.use(wf);
        if (use.isEmpty()) {
            prepared.forgetAll();
            wf = prepared.get(stored, destination);
            use = plugins.use(wf);
        }
        return new Held(
                wf, use.orElseThrow(() -> new IllegalStateException("node plugins are being reloaded; try again")));
    }

    /** Whether every node outcome a commit carries is of a node that may run again unseen (replay-safe or disabled). */
    static boolean onlyReplaySafeOutcomes(Checkpointer.Commit commit, WorkflowGraph graph) {
        return commit.events().stream().allMatch(entry -> replaySafeOutcome(entry.decoded(), graph));
    }

    /** Whether {@code event} is no outcome, or the outcome of a node that could produce it again unseen. */
    static boolean replaySafeOutcome(ExecutionEvent event, WorkflowGraph graph) {
        String node = ExecutionEvent.outcomeNode(event);
        return node == null || graph.replaySafe(node);
    }

    private ExecutionResult startHere(PreparedWorkflow wf, RunRequest req) {
        ExecutionHandle h = engine.start(wf, req);
        handles.put(req.executionId(), h);
        try {
            return h.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            h.cancel("worker stopping");
            throw new IllegalStateException("interrupted while running " + req.executionId(), e);
        } finally {
            handles.remove(req.executionId());
        }
    }

    private RunRequest request(
            Claimed c, LaunchDoc launch, StoredWorkflow stored, Map<Class<?>, Object> services, SaveSettings saving) {
        RunRequest req = RunRequest.defaults()
                .withExecutionId(c.id().toString())
                .withMode(launch.mode())
                .withStartNode(launch.startNode())
                .withBreakpoints(launch.breakpoints())
                // pinned outputs stand in for their nodes in manual runs (n8n's rule), never in production ones
                .withPinData("manual".equals(launch.mode()))
                .withInput(launch.items())
                // saveExecutionProgress: per node (as configured), or only when the run parks or ends
                .withDurability(saving.progress() ? config.durability() : Durability.AT_END);
        UUID runAs = runAs(launch, stored);
        req = req.withService(CredentialResolver.class, credentials.resolverFor(c.tenantId(), runAs))
                .withService(WorkflowResolver.class, tenantWorkflows.resolverFor(c.tenantId()))
                .withService(ErrorWorkflowLauncher.class, tenantWorkflows.errorLauncherFor(c.tenantId()))
                .withService(SubWorkflowStarter.class, tenantWorkflows.starterFor(c.tenantId(), runAs))
                .withService(ProcessedDataStore.class, processedData.forTenant(c.tenantId()))
                .withService(ExecutionCustomData.class, customData.forTenant(c.tenantId()));
        if (services != null) {
            for (var e : services.entrySet()) {
                req = withService(req, e.getKey(), e.getValue());
            }
        }
        return req;
    }

    /** Runs a user started use what that user may use; trigger runs (no user), what the workflow's owner may use. */
    private static UUID runAs(LaunchDoc launch, StoredWorkflow stored) {
        return launch.startedBy() != null ? launch.startedBy() : stored.ownerId();
    }

    @SuppressWarnings("unchecked")
    private static <T> RunRequest withService(RunRequest req, Class<T> type, Object value) {
        return req.withService(type, (T) value);
    }

    /**
     * Records the parked or final state and releases the queue row, in one transaction under the claim's lease (batched
     * with other executions' by the {@link Settler}); an ended execution its workflow does not keep ({@code keep}
     * false) is deleted instead, with its checkpoint. {@code wakeAt}: when a parked run is due (-1: only from outside).
     * A run on Temporal has no engine here to announce its status, so it is announced once recorded.
     */
    private boolean settle(
            Claimed c,
            ExecutionResult result,
            boolean keep,
            Workflow workflow,
            long wakeAt,
            String waitingNode,
            boolean onTemporal) {
        ExecutionState s = result.state();
        boolean parked = s.status() == ExecutionStatus.WAITING;
        byte[] data = null;
        if (keep || parked) {
            ObjectNode run = RunDataJson.of(s);
            if (parked && waitingNode != null) {
                // what a call to its resume URL would resume (WaitingResumer reads it back)
                run.put("waitingNode", waitingNode);
            }
            data = Gzip.compress(run.toString());
        }
        Settler.Outcome outcome = new Settler.Outcome(
                c.id(),
                c.lease(),
                parked,
                wakeAt,
                s.status().wire(),
                parked ? null : Instant.ofEpochMilli(s.finishedAt() > 0 ? s.finishedAt() : System.currentTimeMillis()),
                parked && wakeAt > 0 ? Instant.ofEpochMilli(wakeAt) : null,
                s.lastNodeExecuted(),
                s.error() == null ? null : s.error().message(),
                data,
                keep,
                new CompletableFuture<>(),
                parked ? null : ExecutionFigures.of(c.tenantId(), c.workflowId(), s, workflow),
                // compressed on this thread; an execution not kept drops it with its record
                checkpoints
                        .takeEnd(c.id().toString())
                        .filter(end -> keep || parked)
                        .map(PgCheckpointer.EndCommit::packed)
                        .orElse(null));
        try {
            if (!settler.settle(outcome)) {
                return false;
            }
        } catch (SQLException e) {
            // Give the row back, due in a second: the next claim resumes from the checkpoint and records it. If even
            // that fails, the lease lapses (only rows with a live local run are renewed) and a claim takes it the same
            // way. Should the settle have committed after all, the row is no longer 'claimed' and this changes nothing.
            LOG.warnf("could not record execution %s (%s); it resumes from its checkpoint", c.id(), e.getMessage());
            try {
                db.txChecked(conn -> queue.handBack(conn, c.id(), c.lease(), System.currentTimeMillis() + 1000));
            } catch (SQLException | RuntimeException again) {
                LOG.debugf("could not give %s back (%s); its lease lapses instead", c.id(), again.getMessage());
            }
            return false;
        }
        counted(s.status().wire());
        if (outcome.figures() != null) {
            Timer.builder("hetumind_execution_duration")
                    .description("How long ended executions ran, start to end")
                    .tag("status", s.status().wire())
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(Duration.ofMillis(outcome.figures().durationMs()));
        }
        if (onTemporal) {
            live.forget(c.id().toString());
            live.status(
                    c.tenantId(), c.id().toString(), c.workflowId(), s.status().wire());
        } else {
            live.recorded(c.id().toString());
        }
        return true;
    }

    /** An execution that cannot run at all (its workflow is gone or invalid) ends as an error without a run. */
    private ExecutionResult fail(Claimed c, String message) {
        try {
            db.txChecked(conn -> {
                if (queue.done(conn, c.id(), c.lease())) {
                    Instant now = Instant.now();
                    records.settle(conn, c.id(), "error", now, null, null, message, null);
                    StatisticsRepository.insertAll(
                            conn,
                            List.of(new StatisticsRepository.Row(
                                    c.id(),
                                    "error",
                                    now,
                                    new ExecutionFigures(c.tenantId(), c.workflowId(), 0, message, "[]"))));
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("could not record failed execution %s: %s", c.id(), e.getMessage());
        }
        counted("error");
        live.forget(c.id().toString());
        live.status(c.tenantId(), c.id().toString(), c.workflowId(), "error");
        CompletableFuture<ExecutionResult> f = waiters.remove(c.id().toString());
        if (f != null) {
            f.completeExceptionally(new IllegalStateException(message));
        }
        return null;
    }

    /**
     * How long a run the database broke off waits before it is claimed again: a second more for each claim, up to half
     * a minute, so an outage is not met with a storm of claims and a short one costs a second.
     */
    static long backoff(int claims) {
        return Math.min(30_000L, 1000L * Math.max(1, claims));
    }

    /**
     * Gives a run that broke off (not by its workflow) back to the queue, due in {@code delayMs}; the next claim resumes
     * it from its last checkpoint. If even that write fails, the lease lapses and another claim takes it the same way.
     */
    private ExecutionResult requeue(Claimed c, RuntimeException cause, long delayMs) {
        LOG.warnf(
                "execution %s broke off (%s); it resumes from its last checkpoint in %d ms",
                c.id(), rootMessage(cause), delayMs);
        live.forget(c.id().toString());
        try {
            db.txChecked(conn -> queue.handBack(conn, c.id(), c.lease(), System.currentTimeMillis() + delayMs));
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("could not requeue %s (%s); its lease lapses instead", c.id(), e.getMessage());
        }
        return null;
    }

    /** The wrapper's message and, when it wraps something, the innermost cause's: what the operator needs to know. */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? t.getMessage() : t.getMessage() + ": " + root;
    }

    /**
     * The checkpoint refused a commit, or the row was not held at settle: another worker took the execution over. But
     * the row may still be held under this claim's lease — a commit this worker saw fail had landed after all, so its
     * next one named a stale version, or a worker that had lost the execution wrote its first checkpoint before this
     * one — and then it is given back at once, to resume from its checkpoint, not left to lapse.
     */
    private ExecutionResult lost(Claimed c) {
        lost.increment();
        live.forget(c.id().toString());
        try {
            // at once the first times; then backing off, so a conflict that keeps coming back is not a hot loop
            long at = System.currentTimeMillis() + (c.claims() < 3 ? 0 : backoff(c.claims()));
            if (db.txChecked(conn -> queue.handBack(conn, c.id(), c.lease(), at))) {
                LOG.infof(
                        "execution %s: a commit that seemed to fail had landed; it resumes from its checkpoint",
                        c.id());
                return null;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("could not give %s back (%s); its lease lapses instead", c.id(), e.getMessage());
        }
        LOG.infof("execution %s was taken over by another worker; this one stops", c.id());
        return null;
    }

    private void complete(String id, ExecutionResult result) {
        CompletableFuture<ExecutionResult> f = waiters.remove(id);
        if (f != null) {
            f.complete(result);
        }
    }

    /** Forgets a waiter nobody waits for any more (the caller timed out). */
    public void stopWaiting(String id) {
        waiters.remove(id);
    }

    void counted(String status) {
        meters.counter("hetumind_executions_settled", "status", status).increment();
    }
}
