package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionEvent.Continued;
import io.hetumind.core.engine.ExecutionEvent.Crashed;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.engine.ExecutionEvent.Started;
import io.hetumind.core.engine.internal.ChildRunner;
import io.hetumind.core.engine.internal.Control;
import io.hetumind.core.engine.internal.Coordinator;
import io.hetumind.core.engine.internal.EngineServices;
import io.hetumind.core.engine.internal.ErrorSummary;
import io.hetumind.core.engine.internal.EventBus;
import io.hetumind.core.engine.internal.EventCodec;
import io.hetumind.core.engine.internal.ExecutionMachine;
import io.hetumind.core.engine.internal.Journal;
import io.hetumind.core.engine.internal.MachineState;
import io.hetumind.core.engine.internal.Machines;
import io.hetumind.core.engine.internal.NodeInvoker;
import io.hetumind.core.engine.internal.NodeRunContext;
import io.hetumind.core.engine.internal.Recovery;
import io.hetumind.core.engine.internal.ResumeTokens;
import io.hetumind.core.engine.internal.ResumeUrl;
import io.hetumind.core.engine.internal.SignedResumeLinks;
import io.hetumind.core.engine.internal.StateCodec;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.ResumeLinkHandler;
import io.hetumind.core.spi.ResumeLinks;
import io.hetumind.core.spi.WaitsForCall;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Runs workflows. Thread-safe; build one per process. The same engine serves the CLI, studio
 * workers and the Lambda handler: they differ only in checkpointer, listeners and deadline.
 */
public final class Engine {

    /**
     * The logger, fetched on first use: the first {@code System.getLogger} looks for a logger backend with a
     * ServiceLoader scan of every jar on the class path (~130 in the CLI, 100-250 ms), and a run that logs nothing
     * should not pay it.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Engine.class.getName());
    }

    private final EngineServices services;
    private final Semaphore global;
    private final WorkflowValidator validator;
    private final EventBus bus;
    private final ResumeTokens tokens;

    private Engine(EngineServices services, int globalConcurrency, EventBus bus, ResumeTokens tokens) {
        this.services = services;
        this.global = new Semaphore(globalConcurrency);
        this.validator = new WorkflowValidator(services.registry());
        this.bus = bus;
        this.tokens = tokens;
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
                new Machines(
                        new ExecutionMachine(graph, order),
                        new ExecutionMachine(graph, ExecutionMachine.Order.BREADTH_FIRST)));
    }

    public ValidationReport validate(Workflow workflow) {
        return validator.validate(workflow);
    }

    /** Runs a new execution on the calling thread until it ends, parks or hits its deadline. */
    public ExecutionResult run(PreparedWorkflow wf, RunRequest request) {
        MachineState state = new MachineState(request.executionId(), wf.graph().size());
        Coordinator c = coordinator(wf, state, request, new Control(), Checkpointer.Version.NONE, 0);
        c.apply(started(wf, request));
        return finish(wf, c.run(), request);
    }

    /** Starts a new execution on a virtual thread. */
    public ExecutionHandle start(PreparedWorkflow wf, RunRequest request) {
        Control control = new Control();
        MachineState state = new MachineState(request.executionId(), wf.graph().size());
        return launch(state.executionId(), control, () -> {
            Coordinator c = coordinator(wf, state, request, control, Checkpointer.Version.NONE, 0);
            c.apply(started(wf, request));
            return finish(wf, c.run(), request);
        });
    }

    /**
     * Continues an execution from its checkpoint with the options it was started with: a crashed
     * run re-queues what was in flight (that try counts), a paused or deadline-stopped run goes
     * on, a run parked until a later time stays parked until then; finished nodes never run again.
     *
     * @throws ExecutionNotFoundException when the store has no such execution
     * @throws WorkflowMismatchException when {@code wf} is not the workflow id/version it started with
     * @throws CheckpointCorruptException when its checkpoint cannot be read back
     * @throws CheckpointConflictException when another owner advanced it meanwhile
     */
    public ExecutionResult resume(PreparedWorkflow wf, String executionId, RunRequest request) {
        return resume(wf, executionId, request, true, true);
    }

    /**
     * {@link #resume} for an execution its host broke off in order — a store write failed, or it gave the execution
     * back to its queue — rather than one whose worker died: what was in flight runs again as the same try, so such
     * breaks, however many, never fail a node as "lost". A host that cannot tell calls {@link #resume}.
     */
    public ExecutionResult resumeInterrupted(PreparedWorkflow wf, String executionId, RunRequest request) {
        return resume(wf, executionId, request, true, false);
    }

    ExecutionResult resume(PreparedWorkflow wf, String executionId, RunRequest request, boolean wakeParent) {
        return resume(wf, executionId, request, wakeParent, true);
    }

    private ExecutionResult resume(
            PreparedWorkflow wf, String executionId, RunRequest request, boolean wakeParent, boolean lossCounts) {
        Recovery.Recovered r = recovered(wf, executionId);
        MachineState state = r.state();
        if (state.status().terminal()) {
            return new ExecutionResult(state);
        }
        RunRequest req = request.withExecutionId(executionId).recorded(state.info());
        long now = services.clock().millis();
        if (state.status() == ExecutionStatus.WAITING
                && "wait".equals(state.pauseReason())
                && state.readyTasks().stream().noneMatch(t -> t.notBefore() == Long.MAX_VALUE)
                && wf.machines().of(req.parallel()).nextDue(state) > now) {
            return new ExecutionResult(state); // still waiting for an outside resume or a later time
        }
        Coordinator c = coordinator(wf, state, req, new Control(), r.version(), r.snapshotSeq());
        reopen(c, state, now, lossCounts);
        if (state.status() == ExecutionStatus.WAITING) {
            c.apply(new Continued(now));
        }
        ExecutionResult result = finish(wf, c.run(), req);
        if (wakeParent) {
            wakeParent(result);
        }
        return result;
    }

    /**
     * An execution whose worker was lost (still {@code RUNNING} in its checkpoint, or {@code
     * CRASHED} when the loss was recorded but not the restart) runs again: what was in flight is
     * queued again, that try counted unless {@code lossCounts} is false (its host broke it off).
     */
    private void reopen(Coordinator c, MachineState state, long now, boolean lossCounts) {
        if (state.status() == ExecutionStatus.RUNNING) {
            c.apply(new Crashed(now, lossCounts));
        }
        if (state.status() == ExecutionStatus.CRASHED) {
            c.apply(new Continued(now));
        }
    }

    /**
     * The execution as a debugger sees it while it is held at a breakpoint ({@link Breakpoints}); empty when it is not
     * held at one. {@code request} gives the per-run services expressions may reach.
     */
    public Optional<PausedView> paused(PreparedWorkflow wf, String executionId, RunRequest request) {
        MachineState state = recovered(wf, executionId).state();
        ExecutionEvent.BreakHit hit = state.breakHit();
        if (state.status() != ExecutionStatus.WAITING || hit == null) {
            return Optional.empty();
        }
        Task task;
        List<List<Item>> outputs = List.of();
        if (hit.after()) {
            NodeRun run = state.runs(hit.node()).stream()
                    .filter(r -> r.taskId() == hit.taskId())
                    .reduce((a, b) -> b)
                    .orElse(null);
            if (run == null) {
                return Optional.empty();
            }
            task = new Task(run.taskId(), hit.node(), run.source(), run.tries(), 0);
            outputs = run.outputs();
        } else {
            task = state.readyTasks().stream()
                    .filter(t -> t.id() == hit.taskId())
                    .findFirst()
                    .orElse(null);
            if (task == null) {
                return Optional.empty();
            }
        }
        return Optional.of(pausedView(wf, state, task, hit.after(), outputs, request));
    }

    /**
     * The execution as a debugger sees it while a host that drives it itself (the Temporal backend) holds it at a
     * breakpoint: {@code state} is the host's view of its run data ({@link HostedSteps#view}), {@code held} the task
     * held before its start or, with {@code after}, the task whose run it is held after. Empty when {@code after} and
     * that run is not in {@code state}.
     */
    public Optional<PausedView> paused(
            PreparedWorkflow wf, ExecutionState state, Task held, boolean after, RunRequest request) {
        MachineState hosted = MachineState.of(state);
        List<List<Item>> outputs = List.of();
        Task task = held;
        if (after) {
            NodeRun run = hosted.runs(held.node()).stream()
                    .filter(r -> r.taskId() == held.id())
                    .reduce((a, b) -> b)
                    .orElse(null);
            if (run == null) {
                return Optional.empty();
            }
            task = new Task(run.taskId(), held.node(), run.source(), run.tries(), 0);
            outputs = run.outputs();
        }
        return Optional.of(pausedView(wf, hosted, task, after, outputs, request));
    }

    private PausedView pausedView(
            PreparedWorkflow wf,
            MachineState state,
            Task task,
            boolean after,
            List<List<Item>> outputs,
            RunRequest request) {
        WorkflowGraph g = wf.graph();
        int index = g.indexOf(task.node());
        List<List<Item>> inputs = NodeInvoker.resolveInputs(state, task);
        ObjectNode nodeState = state.nodeState(task.node());
        NodeRunContext ctx = new NodeRunContext(
                services,
                state,
                g,
                task,
                g.node(index),
                g.type(index),
                inputs,
                nodeState == null ? null : nodeState.deepCopy(),
                new Control(),
                request.services());
        return new PausedView(state.executionId(), task.node(), after, inputs, outputs, ctx);
    }

    /**
     * Ends an execution that is not running here — held at a breakpoint, parked, or left by a lost worker — as
     * canceled with {@code reason}, recorded in its checkpoint; an execution that already ended is returned as it is.
     */
    public ExecutionResult abort(PreparedWorkflow wf, String executionId, String reason, RunRequest request) {
        Recovery.Recovered r = recovered(wf, executionId);
        MachineState state = r.state();
        if (state.status().terminal()) {
            return new ExecutionResult(state);
        }
        RunRequest req = request.withExecutionId(executionId).recorded(state.info());
        Coordinator c = coordinator(wf, state, req, new Control(), r.version(), r.snapshotSeq());
        c.apply(new ExecutionEvent.Canceled(services.clock().millis(), reason));
        return c.run();
    }

    /** Resumes the node {@code node} parked by a Wait, optionally with new outputs. */
    public ExecutionResult resumeWaiting(
            PreparedWorkflow wf, String executionId, String node, List<List<Item>> outputs, RunRequest request) {
        Recovery.Recovered r = recovered(wf, executionId);
        MachineState state = r.state();
        if (state.waiting().stream().noneMatch(w -> w.task().node().equals(node))) {
            throw new IllegalArgumentException("execution " + executionId + " has no node '" + node + "' waiting");
        }
        RunRequest req = request.withExecutionId(executionId).recorded(state.info());
        Coordinator c = coordinator(wf, state, req, new Control(), r.version(), r.snapshotSeq());
        long now = services.clock().millis();
        reopen(c, state, now, true);
        c.apply(new Resumed(now, node, outputs));
        ExecutionResult result = finish(wf, c.run(), req);
        wakeParent(result);
        return result;
    }

    /**
     * Resumes the execution a {@link #resumeToken} names: its node waiting for an outside call
     * (or else its first waiting node), optionally with new outputs.
     *
     * @throws InvalidResumeTokenException when the token is malformed or forged
     */
    public ExecutionResult resumeWaiting(
            PreparedWorkflow wf, String resumeToken, List<List<Item>> outputs, RunRequest request) {
        String executionId = tokens.verify(resumeToken);
        String target = nodeResumedByUrl(recover(wf, executionId));
        if (target == null) {
            throw new IllegalArgumentException("execution " + executionId + " is not waiting");
        }
        return resumeWaiting(wf, executionId, target, outputs, request);
    }

    /**
     * The node a call to the execution's resume URL resumes: the first that waits for an outside call only, else the
     * first waiting one (a wait for a call with a time limit); null when none waits. A host records it with a parked
     * execution for {@link #decide}.
     */
    public static String nodeResumedByUrl(ExecutionState state) {
        List<WaitingRun> waiting = state.waiting();
        return waiting.stream()
                .filter(w -> w.until() < 0)
                .findFirst()
                .or(() -> waiting.stream().findFirst())
                .map(w -> w.task().node())
                .orElse(null);
    }

    /**
     * What a request to a waiting execution's resume URL does ({@link WaitingCall}). {@code waitingNode} names the node
     * of {@code workflow} the execution waits at, as the host knows it, or is null when it waits at none (then {@code
     * workflow} may be null too). A node that waits for its own
     * signed links ({@link ResumeLinkHandler#waitsForLink}) is resumed only through such a link whose signature
     * matches; a genuine link of a node that is not waiting (any more) is answered with a "no action required" page.
     *
     * @throws InvalidResumeTokenException when the token is malformed or forged
     */
    public WaitingCall.Decision decide(Workflow workflow, String waitingNode, WaitingCall call) {
        String executionId = tokens.verify(call.token());
        Node node = waitingNode == null || workflow == null
                ? null
                : workflow.node(waitingNode).orElse(null);
        ResumeLinkHandler handler = null;
        if (node != null
                && services.registry().find(node.type()).orElse(null) instanceof ResumeLinkHandler h
                && h.waitsForLink(node)) {
            handler = h;
        }
        WaitsForCall waiter = handler == null
                        && node != null
                        && services.registry().find(node.type()).orElse(null) instanceof WaitsForCall w
                        && w.waitsForCall(node)
                ? w
                : null;
        if (waiter != null) {
            // n8n's Wait is a Webhook: its method and suffix must match, or the call finds no waiting webhook
            WebhookSpec spec;
            try {
                spec = waiter.callSpec(node);
            } catch (IllegalArgumentException e) {
                return new WaitingCall.Refused(
                        500,
                        "webhook-misconfigured",
                        "Webhook misconfigured",
                        "Node '" + node.name() + "': " + e.getMessage());
            }
            String suffix = call.nodeId() == null ? "" : call.nodeId();
            if (!spec.methods().contains(call.method()) || !spec.path().equals(suffix)) {
                return new WaitingCall.Refused(
                        404,
                        "webhook-not-found",
                        "Not found",
                        "The workflow for execution \"" + executionId
                                + "\" does not contain a waiting webhook with a matching path/method.");
            }
            return new WaitingCall.Plain(executionId, true);
        }
        if (call.nodeId() == null) {
            if (handler != null) {
                return new WaitingCall.Refused(
                        401,
                        "invalid-signature",
                        "Invalid token",
                        "This execution waits for an answer through the links its node sent; this URL is not one of"
                                + " them (it carries no signed node link).");
            }
            return new WaitingCall.Plain(executionId, false);
        }
        Map<String, String> query = call.query();
        String signature = query.remove("signature");
        String path = SignedResumeLinks.path(call.token(), call.nodeId());
        if (!tokens.linkSigned(SignedResumeLinks.signedPart(path, call.rawQuery()), signature)) {
            if (handler == null) {
                // not a link of a node waiting for one: as any other unknown path
                return new WaitingCall.Refused(
                        404,
                        "execution-not-found",
                        "Not found",
                        "No execution is waiting at this URL (the link is unknown, altered or incomplete).");
            }
            return new WaitingCall.Refused(
                    401,
                    "invalid-signature",
                    "Invalid token",
                    signature == null
                            ? "The link carries no signature: it resumes nothing."
                            : "The link's signature does not match it (was the link changed?): it resumes nothing.");
        }
        if (handler == null || !call.nodeId().equals(node.id())) {
            return new WaitingCall.Answer(WaitingCall.noActionRequired());
        }
        return switch (handler.onLink(
                new ResumeLinkHandler.Call(node, call.method(), query, call.headers(), call.body()))) {
            case ResumeLinkHandler.Answer a -> new WaitingCall.Answer(a.response());
            case ResumeLinkHandler.Resume r -> new WaitingCall.Resume(executionId, r.items(), r.response());
        };
    }

    /** The token that resumes {@code executionId} through {@link #resumeWaiting(PreparedWorkflow, String, List, RunRequest)}. */
    public String resumeToken(String executionId) {
        return tokens.issue(executionId);
    }

    /** {@code executionId}'s signed node links (a host that runs steps itself hands them to its nodes). */
    ResumeLinks resumeLinks(String executionId) {
        return new SignedResumeLinks(services.resumeUrlBase(), () -> resumeToken(executionId), tokens);
    }

    /** The execution a resume token names, once the token is verified (so a host can load its workflow). */
    public String executionOfResumeToken(String resumeToken) {
        return tokens.verify(resumeToken);
    }

    /** Rebuilds an execution's state from its checkpoint (snapshot + journal replay), read-only. */
    public ExecutionState recover(PreparedWorkflow wf, String executionId) {
        return recovered(wf, executionId).state();
    }

    private Recovery.Recovered recovered(PreparedWorkflow wf, String executionId) {
        return Recovery.recover(services.checkpointer(), wf.workflow(), wf.machines(), executionId);
    }

    /** Delivers the events of one execution to {@code listener} until the subscription is closed. */
    public Subscription subscribe(String executionId, ExecutionListener listener) {
        return new Subscription(bus.subscribe(executionId, listener));
    }

    /** Events not delivered because a listener's queue was full. */
    public long droppedEvents() {
        return bus.dropped();
    }

    /** Waits until the engine-wide listeners have handled every event so far (the CLI before it exits). */
    public boolean awaitListeners(Duration timeout) throws InterruptedException {
        return bus.awaitDelivered(timeout);
    }

    private Started started(PreparedWorkflow wf, RunRequest request) {
        String start = request.startNode() != null ? request.startNode() : firstTrigger(wf);
        if (wf.graph().indexOf(start) < 0) {
            throw new IllegalArgumentException("start node '" + start + "' does not exist");
        }
        if (wf.graph().isSubNode(wf.graph().indexOf(start))) {
            throw new IllegalArgumentException(
                    "start node '" + start + "' is a sub-node: it runs only when its root node asks for it");
        }
        return new Started(
                services.clock().millis(),
                start,
                request.triggerItems(),
                request.info(wf.workflow().id(), wf.workflow().version()));
    }

    private ExecutionHandle launch(String executionId, Control control, Supplier<ExecutionResult> body) {
        CompletableFuture<ExecutionResult> future = new CompletableFuture<>();
        ExecutionHandle handle = new ExecutionHandle(executionId, control, future);
        Thread t = Thread.ofVirtual().name("hetumind-exec-" + executionId).unstarted(() -> {
            try {
                future.complete(body.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        handle.bind(t);
        t.start();
        return handle;
    }

    private Coordinator coordinator(
            PreparedWorkflow wf,
            MachineState state,
            RunRequest request,
            Control control,
            Checkpointer.Version version,
            long snapshotSeq) {
        Map<Class<?>, Object> runServices = new HashMap<>(request.services());
        runServices.put(
                SubWorkflowRunner.class, new ChildRunner(this, workflows(request), state.executionId(), request));
        if (services.resumeUrlBase() != null) {
            String id = state.executionId();
            runServices.put(ResumeUrl.class, ResumeUrl.lazy(() -> services.resumeUrlBase() + resumeToken(id)));
            runServices.put(
                    ResumeLinks.class, new SignedResumeLinks(services.resumeUrlBase(), () -> resumeToken(id), tokens));
        }
        Journal journal = new Journal(
                services.checkpointer(),
                state.executionId(),
                request.durability(),
                services.snapshotEvery(),
                version,
                snapshotSeq);
        return new Coordinator(
                services,
                wf.machines().of(request.parallel()),
                state,
                request,
                control,
                global,
                runServices,
                journal,
                bus);
    }

    private static String firstTrigger(PreparedWorkflow wf) {
        List<String> triggers = wf.graph().triggers();
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException("workflow has no trigger to start from");
        }
        return triggers.getFirst();
    }

    /**
     * Starts the workflow's error workflow when a run failed, as n8n's Error Trigger expects: as
     * an execution of its own ({@code <id>.error}), on its own thread, never inside the caller's.
     */
    private ExecutionResult finish(PreparedWorkflow wf, ExecutionResult result, RunRequest request) {
        String errorWorkflow = wf.workflow().settings().errorWorkflow();
        if (result.status() != ExecutionStatus.ERROR
                || errorWorkflow == null
                || errorWorkflow.isBlank()
                || "error".equals(request.mode())) {
            return result;
        }
        if (request.services().get(ErrorWorkflowLauncher.class) instanceof ErrorWorkflowLauncher launcher) {
            try {
                if (!launcher.launch(errorWorkflow, wf.workflow(), ErrorSummary.of(wf.workflow(), result))) {
                    Log.LOG.log(
                            System.Logger.Level.WARNING,
                            "error workflow '" + errorWorkflow + "' of workflow '"
                                    + wf.workflow().name() + "' not found");
                }
            } catch (RuntimeException e) {
                Log.LOG.log(
                        System.Logger.Level.WARNING,
                        "error workflow '" + errorWorkflow + "' could not run: " + e.getMessage());
            }
            return result;
        }
        Optional<Workflow> target = workflows(request).resolve(errorWorkflow);
        if (target.isEmpty()) {
            Log.LOG.log(
                    System.Logger.Level.WARNING,
                    "error workflow '" + errorWorkflow + "' of workflow '"
                            + wf.workflow().name() + "' not found");
            return result;
        }
        RunRequest errorRun = RunRequest.defaults()
                .withExecutionId(result.executionId() + ".error")
                .withMode("error")
                .withParent(result.executionId())
                .withInput(List.of(ErrorSummary.of(wf.workflow(), result)));
        try {
            start(prepare(target.get()), errorRun);
        } catch (RuntimeException e) {
            Log.LOG.log(
                    System.Logger.Level.WARNING,
                    "error workflow '" + errorWorkflow + "' could not run: " + e.getMessage());
        }
        return result;
    }

    /**
     * A child execution resumed from outside has finished: its parent, parked while it waited,
     * is resumed on a thread of its own (when its workflow can be resolved by id).
     */
    private void wakeParent(ExecutionResult child) {
        String parentId = child.state().parentExecutionId();
        if (parentId == null || !"child".equals(child.state().mode()) || child.status() == ExecutionStatus.WAITING) {
            return;
        }
        Thread.ofVirtual().name("hetumind-wake-" + parentId).start(() -> {
            try {
                Checkpointer.Checkpoint cp = services.checkpointer()
                        .load(parentId)
                        .orElseThrow(() -> new ExecutionNotFoundException(parentId));
                String workflowId = cp.snapshotJson() != null
                        ? StateCodec.read(cp.snapshotJson()).workflowId()
                        : ((Started) EventCodec.read(cp.events().getFirst().json()))
                                .info()
                                .workflowId();
                Optional<Workflow> wf = workflowId == null
                        ? Optional.empty()
                        : services.workflows().resolve(workflowId);
                if (wf.isEmpty()) {
                    Log.LOG.log(
                            System.Logger.Level.INFO, "parent execution " + parentId + " must be resumed by its host");
                    return;
                }
                resume(prepare(wf.get()), parentId, RunRequest.defaults());
            } catch (RuntimeException e) {
                Log.LOG.log(System.Logger.Level.WARNING, "could not resume parent execution " + parentId + ": " + e);
            }
        });
    }

    EngineServices services() {
        return services;
    }

    /** The run's own {@link WorkflowResolver} (a host scoping lookups to a tenant), else the engine's. */
    WorkflowResolver workflows(RunRequest request) {
        return request.services().get(WorkflowResolver.class) instanceof WorkflowResolver r ? r : services.workflows();
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
        private boolean profileNodes;
        private Duration parkAfter = Duration.ofSeconds(5);
        private int listenerQueue = 10_000;
        private byte[] resumeKey;
        private String resumeUrlBase;

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

        /** The clock runs read ({@code $now}); its zone is the {@link #processZone process zone}. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * The zone n8n's process zone ({@code TZ}) stands for: JavaScript's local time in expressions and Code, and the
         * date texts without an offset that Date &amp; Time reads as n8n's {@code new Date()}/moment does. UTC by default
         * (n8n's container image leaves {@code TZ} unset); the workflow's own zone ({@code settings.timezone}) is apart.
         */
        public Builder processZone(java.time.ZoneId value) {
            this.clock = clock.withZone(value);
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

        /**
         * Timed waits and retry back-offs due later than this park the execution as {@code
         * WAITING} with a wake-up time instead of holding a thread (default 5 s); shorter ones are
         * slept through. Resuming a parked execution needs a checkpointer.
         */
        public Builder parkAfter(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("parkAfter must not be negative");
            }
            this.parkAfter = value;
            return this;
        }

        /** Events queued per listener before further ones are dropped (default 10,000). */
        public Builder listenerQueue(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("listenerQueue must be at least 1");
            }
            this.listenerQueue = capacity;
            return this;
        }

        /**
         * The key that signs resume tokens; every worker that resumes executions needs the same
         * one (default: a random key, good for this process only).
         */
        public Builder resumeKey(byte[] key) {
            if (key.length < 16) {
                throw new IllegalArgumentException("resumeKey must have at least 16 bytes");
            }
            this.resumeKey = key.clone();
            return this;
        }

        /** Where resume tokens are received; expressions see {@code $execution.resumeUrl} = base + token. */
        /**
         * Measures every node run's CPU time and allocated bytes ({@link NodeCost}, in run data and checkpoints). The
         * JVM counts neither for virtual threads, so a profiling engine runs nodes on platform threads: meant for
         * {@code run --profile} and for studios that choose it, not for the hot path.
         */
        public Builder profileNodes(boolean value) {
            this.profileNodes = value;
            return this;
        }

        public Builder resumeUrlBase(String base) {
            this.resumeUrlBase = base;
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
                            Map.copyOf(extras),
                            vars,
                            env,
                            clock,
                            parallelism,
                            snapshotEvery,
                            parkAfter.toMillis(),
                            resumeUrlBase,
                            profileNodes),
                    globalConcurrency,
                    new EventBus(List.copyOf(listeners), listenerQueue),
                    new ResumeTokens(resumeKey));
        }

        private static ExpressionEngine defaultExpressions() {
            return io.hetumind.core.expr.LazyExpressionEngine.fromServiceLoader();
        }
    }
}
