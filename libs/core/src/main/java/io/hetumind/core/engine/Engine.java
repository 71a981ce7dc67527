package io.hetumind.core.engine;

import io.hetumind.core.engine.ExecutionEvent.Continued;
import io.hetumind.core.engine.ExecutionEvent.Crashed;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.engine.ExecutionEvent.Started;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Runs workflows. Thread-safe; build one per process. The same engine serves the CLI, studio
 * workers and the Lambda handler: they differ only in checkpointer, listeners and deadline.
 */
public final class Engine {

    private final EngineServices services;
    private final Semaphore global;
    private final WorkflowValidator validator;

    private Engine(EngineServices services, int globalConcurrency) {
        this.services = services;
        this.global = new Semaphore(globalConcurrency);
        this.validator = new WorkflowValidator(services.registry());
    }

    public static Builder builder() {
        return new Builder();
    }

    public NodeRegistry registry() {
        return services.registry();
    }

    public ExpressionEngine expressions() {
        return services.expressions();
    }

    public Checkpointer checkpointer() {
        return services.checkpointer();
    }

    /** Validates and compiles a workflow; throws {@link WorkflowInvalidException} with every problem. */
    public PreparedWorkflow prepare(Workflow workflow) {
        ValidationReport report = validator.validate(workflow);
        if (!report.ok()) {
            throw new WorkflowInvalidException(report);
        }
        WorkflowGraph graph = new WorkflowGraph(workflow, services.registry());
        ExecutionMachine.Order order = "v0".equals(workflow.settings().executionOrder())
                ? ExecutionMachine.Order.BREADTH_FIRST
                : ExecutionMachine.Order.DEPTH_FIRST;
        return new PreparedWorkflow(
                workflow,
                new ExecutionMachine(graph, order),
                new ExecutionMachine(graph, ExecutionMachine.Order.BREADTH_FIRST));
    }

    public ValidationReport validate(Workflow workflow) {
        return validator.validate(workflow);
    }

    /** Runs a new execution on the calling thread until it ends, parks or hits its deadline. */
    public ExecutionResult run(PreparedWorkflow wf, RunRequest request) {
        return finish(
                wf,
                coordinator(wf, newState(wf, request), request, new Control(), true)
                        .run(),
                request);
    }

    /** Starts a new execution on a virtual thread. */
    public ExecutionHandle start(PreparedWorkflow wf, RunRequest request) {
        ExecutionState state = newState(wf, request);
        return launch(wf, state, request, true);
    }

    /**
     * Continues an execution from its checkpoint: a crashed run re-queues what was in flight,
     * a paused or deadline-stopped run goes on; finished nodes never run again.
     */
    public ExecutionResult resume(PreparedWorkflow wf, String executionId, RunRequest request) {
        ExecutionState state = recover(wf, executionId, request.parallel());
        RunRequest req = request.withExecutionId(executionId);
        if (state.status().terminal()) {
            return new ExecutionResult(state);
        }
        Coordinator c = coordinator(wf, state, req, new Control(), false);
        if (state.status() == ExecutionStatus.RUNNING) {
            c.apply(new Crashed(services.clock().millis()));
        }
        if (state.status() == ExecutionStatus.WAITING
                && "wait".equals(state.pauseReason())
                && state.ready.isEmpty()
                && wf.machine(req.parallel()).nextDue(state) > services.clock().millis()) {
            return new ExecutionResult(state); // still waiting for an outside resume or a later time
        }
        c.apply(new Continued(services.clock().millis()));
        return finish(wf, c.run(), req);
    }

    /** Resumes a node parked by a Wait (e.g. from a resume webhook), optionally with new outputs. */
    public ExecutionResult resumeWaiting(
            PreparedWorkflow wf, String executionId, String node, List<List<Item>> outputs, RunRequest request) {
        ExecutionState state = recover(wf, executionId, request.parallel());
        RunRequest req = request.withExecutionId(executionId);
        Coordinator c = coordinator(wf, state, req, new Control(), false);
        c.apply(new Resumed(services.clock().millis(), node, outputs));
        return finish(wf, c.run(), req);
    }

    /** Rebuilds an execution's state from its checkpoint (snapshot + journal replay). */
    public ExecutionState recover(PreparedWorkflow wf, String executionId, boolean parallel) {
        ExecutionState state = Recovery.recover(services.checkpointer(), wf, executionId, parallel);
        // A fresh snapshot drops the replayed journal, including a torn last line that a killed
        // process may have left: later appends must never be glued onto it.
        services.checkpointer().snapshot(executionId, state.seq(), StateCodec.write(state));
        return state;
    }

    private ExecutionState newState(PreparedWorkflow wf, RunRequest request) {
        ExecutionState state = new ExecutionState(
                request.executionId(),
                wf.workflow().id(),
                wf.workflow().version(),
                request.mode(),
                request.parentExecutionId());
        return state;
    }

    private ExecutionHandle launch(PreparedWorkflow wf, ExecutionState state, RunRequest request, boolean fresh) {
        Control control = new Control();
        CompletableFuture<ExecutionResult> future = new CompletableFuture<>();
        ExecutionHandle handle = new ExecutionHandle(state.executionId(), control, future);
        Thread t = Thread.ofVirtual()
                .name("hetumind-exec-" + state.executionId())
                .unstarted(() -> {
                    try {
                        future.complete(finish(
                                wf,
                                coordinator(wf, state, request, control, fresh).run(),
                                request));
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                    }
                });
        handle.bind(t);
        t.start();
        return handle;
    }

    private Coordinator coordinator(
            PreparedWorkflow wf, ExecutionState state, RunRequest request, Control control, boolean fresh) {
        Map<Class<?>, Object> runServices = new HashMap<>();
        runServices.put(SubWorkflowRunner.class, new ChildRunner(this, state.executionId(), request));
        Coordinator c =
                new Coordinator(services, wf.machine(request.parallel()), state, request, control, global, runServices);
        if (fresh) {
            String start = request.startNode() != null ? request.startNode() : firstTrigger(wf);
            if (wf.graph().indexOf(start) < 0) {
                throw new IllegalArgumentException("start node '" + start + "' does not exist");
            }
            c.apply(new Started(services.clock().millis(), start, request.triggerItems()));
        }
        return c;
    }

    private static String firstTrigger(PreparedWorkflow wf) {
        List<String> triggers = wf.graph().triggers();
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException("workflow has no trigger to start from");
        }
        return triggers.getFirst();
    }

    /** Starts the workflow's error workflow when a run failed, as n8n's Error Trigger expects. */
    private ExecutionResult finish(PreparedWorkflow wf, ExecutionResult result, RunRequest request) {
        String errorWorkflow = wf.workflow().settings().errorWorkflow();
        if (result.status() != ExecutionStatus.ERROR
                || errorWorkflow == null
                || errorWorkflow.isBlank()
                || "error".equals(request.mode())) {
            return result;
        }
        Optional<Workflow> target = services.workflows().resolve(errorWorkflow);
        if (target.isEmpty()) {
            System.getLogger(Engine.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "error workflow '" + errorWorkflow + "' of workflow '"
                                    + wf.workflow().name() + "' not found");
            return result;
        }
        try {
            run(
                    prepare(target.get()),
                    RunRequest.defaults()
                            .withMode("error")
                            .withParent(result.executionId())
                            .withInput(List.of(ErrorSummary.of(wf.workflow(), result))));
        } catch (RuntimeException e) {
            System.getLogger(Engine.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "error workflow '" + errorWorkflow + "' could not run: " + e.getMessage());
        }
        return result;
    }

    EngineServices services() {
        return services;
    }

    /** Collects the engine's collaborators; every one has a working default. */
    public static final class Builder {
        private NodeRegistry registry;
        private ExpressionEngine expressions;
        private CredentialResolver credentials = CredentialResolver.NONE;
        private WorkflowResolver workflows = WorkflowResolver.NONE;
        private Checkpointer checkpointer = Checkpointer.NONE;
        private final List<ExecutionListener> listeners = new ArrayList<>();
        private final Map<Class<?>, Object> extras = new LinkedHashMap<>();
        private Map<String, String> vars = Map.of();
        private Map<String, String> env = Map.of();
        private Clock clock = Clock.systemUTC();
        private int parallelism = 16;
        private int globalConcurrency = 256;
        private int snapshotEvery = 128;

        public Builder registry(NodeRegistry value) {
            this.registry = value;
            return this;
        }

        public Builder expressions(ExpressionEngine value) {
            this.expressions = value;
            return this;
        }

        public Builder credentials(CredentialResolver value) {
            this.credentials = value;
            return this;
        }

        public Builder workflows(WorkflowResolver value) {
            this.workflows = value;
            return this;
        }

        public Builder checkpointer(Checkpointer value) {
            this.checkpointer = value;
            return this;
        }

        public Builder listener(ExecutionListener value) {
            listeners.add(value);
            return this;
        }

        /** A host service nodes reach with {@code ctx.service(type)}. */
        public <T> Builder service(Class<T> type, T value) {
            extras.put(type, value);
            return this;
        }

        public Builder vars(Map<String, String> value) {
            this.vars = Map.copyOf(value);
            return this;
        }

        /** The environment variables expressions may read as {@code $env}; nothing else is visible. */
        public Builder env(Map<String, String> value) {
            this.env = Map.copyOf(value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Default bound on concurrently running nodes of one execution. */
        public Builder parallelism(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            this.parallelism = value;
            return this;
        }

        /** Bound on concurrently running nodes across all executions of this engine. */
        public Builder globalConcurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("globalConcurrency must be at least 1");
            }
            this.globalConcurrency = value;
            return this;
        }

        /** Take a full snapshot every {@code n} events (0: only when a run returns). */
        public Builder snapshotEvery(int n) {
            this.snapshotEvery = n;
            return this;
        }

        public Engine build() {
            NodeRegistry reg = registry != null ? registry : NodeRegistry.load();
            ExpressionEngine expr = expressions != null ? expressions : defaultExpressions();
            return new Engine(
                    new EngineServices(
                            reg,
                            expr,
                            credentials,
                            workflows,
                            checkpointer,
                            List.copyOf(listeners),
                            Map.copyOf(extras),
                            vars,
                            env,
                            clock,
                            parallelism,
                            snapshotEvery),
                    globalConcurrency);
        }

        private static ExpressionEngine defaultExpressions() {
            return io.hetumind.core.expr.LazyExpressionEngine.fromServiceLoader();
        }
    }
}
