package io.hetumind.executor.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.NodeRunStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunInfo;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WaitingRun;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The workflow code of one execution. It holds the engine's {@link ExecutionState} with item-less outputs (stand-ins
 * of the right count, which is all routing reads), asks the engine's state machine ({@link HostedSteps.Machine}) what may run, starts each node
 * try as an activity (concurrently up to the run's limit), applies what comes back in a deterministic order, sleeps
 * on durable timers for timed waits and on signals for outside resumes. Everything it decides depends only on its
 * input and on activity results recorded in history, so a replay rebuilds the same state.
 */
public final class ExecutionWorkflowImpl implements ExecutionWorkflow {

    /** Change id of the engine's event order as this class applies it; bump its max version when that order changes. */
    static final String ENGINE_ORDER_CHANGE = "hetumind-engine-order";

    static final int ENGINE_ORDER_VERSION = 1;

    /**
     * Change id of continue-as-new: histories recorded before it (no marker) never continue as new on replay. From
     * version {@link #HAND_ON_CALLERS} on, a run continues as new while callers wait on {@link #awaitAnswer} (they are
     * told {@link AnswerState#HANDED_ON} and ask the next run), and it does not continue while a resume signal or a
     * debug command came in during the hand-over (version 1 lost them).
     */
    static final String CONTINUE_AS_NEW_CHANGE = "hetumind-continue-as-new";

    static final int HAND_ON_CALLERS = 2;

    /**
     * Change id of breakpoints and pause ({@link DebugCommand}): a run recorded before it (no marker) honours none, and
     * refuses debug commands, so its replay issues the commands it recorded.
     */
    static final String DEBUGGER_CHANGE = "hetumind-debugger";

    private final PreparedCache prepared;
    private final TemporalOptions options;
    private final Deque<ResumeSignal> resumes = new ArrayDeque<>();
    private final Map<String, NodeActivities> stubs = new HashMap<>();
    private final Map<Long, String> lostRuns = new TreeMap<>();
    /** Parked tasks: workflow time they parked at, and the worker's clock at that moment. */
    private final Map<Long, long[]> parkedAt = new HashMap<>();
    /** Child workflows (sub-workflows of Execute Workflow) started and not ended yet. */
    private final Set<String> runningChildren = new LinkedHashSet<>();

    private ExecutionState state;
    private PreparedWorkflow wf;
    private HostedSteps.Machine machine;
    private NodeActivities bookkeeping;
    private String startNode;
    /** A try answered the webhook request (its outcome said so): the flag {@link #awaitResponse} waits for. */
    private boolean responded;

    private boolean ended;

    /** Whether waiting answer callers are handed on to the next run (version {@link #HAND_ON_CALLERS}). */
    private boolean handsOnCallers;

    /** The run is continuing as new: {@link #awaitAnswer} callers are told so, and ask the next run. */
    private boolean handingOn;

    /** Update handlers in flight that a continue-as-new must not cut off ({@code debug}, {@code awaitResponse}). */
    private int busyHandlers;

    /** Whether this run honours breakpoints and debug commands (recorded from version 1 of {@link #DEBUGGER_CHANGE}). */
    private boolean debuggable;

    /** Where the run pauses for a debugger now: the input's, then as the last debug command set them. */
    private Breakpoints breakpoints = Breakpoints.NONE;

    /** A breakpoint reached: nothing more starts, and the run is held there once the tries in flight have ended. */
    private ExecutionEvent.BreakHit pendingBreak;

    private Task pendingTask;

    /** The task the run is held before (or after) while held at a breakpoint, for {@link #progress}. */
    private Task heldTask;

    /** A debugger asked for a pause: nothing more starts, and the run is held once the tries in flight have ended. */
    private boolean pauseRequested;

    /** Debug commands received and not applied yet, each with its ticket; their answers by ticket. */
    private final Deque<Object[]> debugs = new ArrayDeque<>();

    private final Map<Integer, Boolean> debugAnswers = new HashMap<>();
    private int debugsReceived;
    private int debugsApplied;

    /** The workflow's clock when its loop last looked (the latest workflow task), reported with {@link #progress}. */
    private long lastAt;

    /** Node tries this run (generation) started: one that started none never continues as new (no loop of them). */
    private int launchedHere;

    ExecutionWorkflowImpl(PreparedCache prepared, TemporalOptions options) {
        this.prepared = prepared;
        this.options = options;
    }

    @Override
    public RunSummary run(ExecutionInput input) {
        Workflow.getVersion(ENGINE_ORDER_CHANGE, Workflow.DEFAULT_VERSION, ENGINE_ORDER_VERSION);
        // the threshold is recorded once (a side effect), so a worker configured otherwise replays the same decisions
        int continueAsNew = Workflow.getVersion(CONTINUE_AS_NEW_CHANGE, Workflow.DEFAULT_VERSION, HAND_ON_CALLERS);
        int continueAfter = continueAsNew >= 1
                ? Workflow.sideEffect(Integer.class, options::continueAsNewAfter)
                : Integer.MAX_VALUE;
        handsOnCallers = continueAsNew >= HAND_ON_CALLERS;
        // breakpoints and debug commands: histories recorded before them (no marker) honour none on replay
        debuggable = Workflow.getVersion(DEBUGGER_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
        breakpoints = debuggable ? input.startBreakpoints() : Breakpoints.NONE;
        wf = prepared.get(input.workflowJson());
        RunRequest request = input.toRequest();
        RunInfo info = HostedSteps.info(wf, request);
        machine = HostedSteps.machine(wf, info.parallel());
        bookkeeping = Workflow.newActivityStub(
                NodeActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofMinutes(1))
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofSeconds(1))
                                .build())
                        .build());
        int limit = HostedSteps.parallelLimit(wf, info, options.defaultParallelism());
        if (input.generation() > 0) {
            takeOver(bookkeeping.readContinuation(input.executionId(), input.generation()));
        } else {
            state = machine.newState(input.executionId());
            ExecutionEvent.Started started =
                    HostedSteps.started(wf, request, now(), Collections.nCopies(input.triggerCount(), Item.empty()));
            startNode = started.startNode();
            machine.apply(state, started);
        }
        long timeout = wf.workflow().settings().timeoutMs();
        long timeoutAt = timeout > 0 ? state.startedAt() + timeout : Long.MAX_VALUE;
        Map<Long, Promise<StepOutcome>> inflight = new LinkedHashMap<>();
        Map<Long, Task> tasks = new HashMap<>();
        try {
            while (!state.status().terminal()) {
                long now = now();
                lastAt = now;
                applyDebugCommands(now);
                if (held()) {
                    // held for a debugger: no timer, no try runs (so none of this time counts against an activity's
                    // timeouts); only a debug command (or cancellation) moves the run on
                    Workflow.await(() -> !debugs.isEmpty());
                    continue;
                }
                if (now >= timeoutAt) {
                    machine.apply(
                            state,
                            new ExecutionEvent.Canceled(
                                    now, "timed out after " + timeout + " ms (the workflow's execution timeout)"));
                    break;
                }
                resumeDue(now);
                while (!resumes.isEmpty() && !state.status().terminal()) {
                    resumeFromOutside(resumes.removeFirst());
                }
                // a long history: start no more tries, and once none runs, go on as a new run of the same workflow
                // (callers of awaitAnswer are handed on; other updates would end with this run, so none may be open)
                boolean rolling = launchedHere > 0
                        && !state.status().terminal()
                        && (handsOnCallers ? busyHandlers == 0 : Workflow.isEveryHandlerFinished())
                        && (Workflow.getInfo().getHistoryLength() >= continueAfter
                                || (continueAfter < Integer.MAX_VALUE
                                        && Workflow.getInfo().isContinueAsNewSuggested()));
                if (rolling
                        && inflight.isEmpty()
                        && resumes.isEmpty()
                        && runningChildren.isEmpty()
                        && pendingBreak == null
                        && !pauseRequested) {
                    handOn(input);
                    // something came in while the state was being handed on: take it in, then hand on again
                    continue;
                }
                boolean stop = rolling || pendingBreak != null || pauseRequested;
                while (!stop && inflight.size() < limit && !state.status().terminal()) {
                    Task task = machine.nextRunnable(state, now);
                    if (task == null) {
                        break;
                    }
                    if (task.id() != machine.passedBreak(state) && breakpoints.pausesBefore(task.node())) {
                        pendingBreak = new ExecutionEvent.BreakHit(now, task.id(), task.node(), false);
                        pendingTask = task;
                        break;
                    }
                    machine.apply(state, new ExecutionEvent.NodeStarted(now, task.id(), task.node()));
                    tasks.put(task.id(), task);
                    inflight.put(task.id(), launch(task));
                    launchedHere++;
                }
                if (state.status().terminal()) {
                    break;
                }
                if (inflight.isEmpty()) {
                    if (pendingBreak != null) {
                        machine.apply(
                                state,
                                new ExecutionEvent.BreakHit(
                                        now, pendingBreak.taskId(), pendingBreak.node(), pendingBreak.after()));
                        heldTask = pendingTask;
                        pendingBreak = null;
                        pendingTask = null;
                        continue;
                    }
                    if (pauseRequested) {
                        pauseRequested = false;
                        if (state.hasWork() || !state.waiting().isEmpty()) {
                            machine.apply(state, new ExecutionEvent.Paused(now, "pause"));
                            continue;
                        }
                    }
                    if (!state.hasWork() && state.waiting().isEmpty()) {
                        machine.apply(state, new ExecutionEvent.Finished(now));
                        break;
                    }
                    if (!state.hasWork() && state.status() == ExecutionStatus.RUNNING) {
                        machine.apply(state, new ExecutionEvent.Paused(now, "wait"));
                    }
                }
                long due = Math.min(machine.nextDue(state), timeoutAt);
                if (due == Long.MAX_VALUE) {
                    Workflow.await(() -> anyDone(inflight) || !resumes.isEmpty() || !debugs.isEmpty());
                } else {
                    Workflow.await(
                            Duration.ofMillis(Math.max(1, due - now())),
                            () -> anyDone(inflight) || !resumes.isEmpty() || !debugs.isEmpty());
                }
                // results are applied in the order their tries were started: the same on every replay
                for (var it = inflight.entrySet().iterator();
                        it.hasNext() && !state.status().terminal(); ) {
                    var e = it.next();
                    if (e.getValue().isCompleted()) {
                        it.remove();
                        apply(tasks.remove(e.getKey()), e.getValue());
                    }
                }
            }
        } catch (CanceledFailure canceled) {
            if (!state.status().terminal()) {
                machine.apply(state, new ExecutionEvent.Canceled(now(), "canceled"));
            }
            cancelChildren();
        }
        ended = true;
        // callers of awaitResponse get their answer (false: none came) before the run completes; issues no command
        Workflow.await(Workflow::isEveryHandlerFinished);
        return progress();
    }

    /**
     * Continues as new: what the next run needs — the machine's snapshot (item-less, as held here), the start node,
     * lost runs, parked times, whether the webhook was answered — goes to the run-data store, and only the generation
     * number into the next run's input. Callers waiting on {@link #awaitAnswer} are told {@link AnswerState#HANDED_ON}
     * first. Returns (from version {@link #HAND_ON_CALLERS} on) only when a resume signal, a debug command or an update
     * that must not be cut off came in while the state was written: the loop takes it in and hands on again later.
     */
    private void handOn(ExecutionInput input) {
        ObjectNode handed = Json.object()
                .put("state", machine.snapshot(state))
                .put("startNode", startNode)
                .put("responded", responded);
        if (breakpoints.any()) {
            ObjectNode points = handed.putObject("breakpoints").put("step", breakpoints.step());
            breakpoints.before().stream().sorted().forEach(points.putArray("before")::add);
            breakpoints.after().stream().sorted().forEach(points.putArray("after")::add);
        }
        ObjectNode lost = handed.putObject("lostRuns");
        lostRuns.forEach((task, run) -> lost.put(Long.toString(task), run));
        ObjectNode parked = handed.putObject("parkedAt");
        parkedAt.forEach(
                (task, at) -> parked.putArray(Long.toString(task)).add(at[0]).add(at[1]));
        ExecutionInput next = input.next();
        bookkeeping.putContinuation(input.executionId(), next.generation(), Json.write(handed));
        if (handsOnCallers) {
            if (!resumes.isEmpty() || !debugs.isEmpty() || busyHandlers > 0) {
                return;
            }
            // the waiting callers return in this same workflow task, before the continue-as-new command completes it
            handingOn = true;
            Workflow.await(Workflow::isEveryHandlerFinished);
        }
        Workflow.continueAsNew(next);
    }

    /** Takes over from the generation before: the state and bookkeeping {@link #handOn} handed on. */
    private void takeOver(String json) {
        JsonNode handed = Json.parse(json);
        state = machine.restore(handed.path("state").asText());
        startNode = handed.path("startNode").isNull()
                ? null
                : handed.path("startNode").asText();
        responded = handed.path("responded").asBoolean();
        JsonNode points = handed.path("breakpoints");
        if (debuggable && points.isObject()) {
            breakpoints = new Breakpoints(
                    names(points.path("before")),
                    names(points.path("after")),
                    points.path("step").asBoolean());
        }
        handed.path("lostRuns")
                .properties()
                .forEach(e ->
                        lostRuns.put(Long.parseLong(e.getKey()), e.getValue().asText()));
        handed.path("parkedAt")
                .properties()
                .forEach(e -> parkedAt.put(Long.parseLong(e.getKey()), new long[] {
                    e.getValue().get(0).asLong(), e.getValue().get(1).asLong()
                }));
    }

    private static Set<String> names(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether the run is held for a debugger: at a breakpoint, or paused. */
    private boolean held() {
        return debuggable
                && state.status() == ExecutionStatus.WAITING
                && (ExecutionState.BREAKPOINT.equals(state.pauseReason()) || "pause".equals(state.pauseReason()));
    }

    /** Applies the debug commands received since the loop last looked, in the order they came. */
    private void applyDebugCommands(long now) {
        while (!debugs.isEmpty()) {
            Object[] pending = debugs.removeFirst();
            DebugCommand command = (DebugCommand) pending[0];
            boolean done =
                    switch (command.action()) {
                        case DebugCommand.CONTINUE -> {
                            breakpoints = orNone(command.breakpoints());
                            pauseRequested = false;
                            if (!held()) {
                                yield false;
                            }
                            heldTask = null;
                            machine.apply(state, new ExecutionEvent.Continued(now));
                            yield true;
                        }
                        case DebugCommand.BREAKPOINTS -> {
                            breakpoints = orNone(command.breakpoints());
                            yield true;
                        }
                        default -> {
                            pauseRequested = !held();
                            yield pauseRequested;
                        }
                    };
            int ticket = (Integer) pending[1];
            debugAnswers.put(ticket, done);
            debugsApplied = ticket + 1;
        }
    }

    private static Breakpoints orNone(Breakpoints b) {
        return b == null ? Breakpoints.NONE : b;
    }

    @Override
    public boolean debug(DebugCommand command) {
        busyHandlers++;
        try {
            Workflow.await(() -> state != null || ended);
            if (!debuggable || ended || handingOn || state.status().terminal()) {
                return false;
            }
            int ticket = debugsReceived++;
            debugs.addLast(new Object[] {command, ticket});
            Workflow.await(() -> debugsApplied > ticket || ended);
            Boolean done = debugAnswers.remove(ticket);
            return done != null && done;
        } finally {
            busyHandlers--;
        }
    }

    @Override
    public boolean awaitResponse() {
        busyHandlers++;
        try {
            Workflow.await(() -> responded || ended);
            return responded;
        } finally {
            busyHandlers--;
        }
    }

    @Override
    public AnswerState awaitAnswer() {
        Workflow.await(() -> responded || ended || handingOn);
        return responded ? AnswerState.ANSWERED : ended ? AnswerState.NONE : AnswerState.HANDED_ON;
    }

    @Override
    public void resume(ResumeSignal signal) {
        resumes.addLast(signal);
    }

    @Override
    public RunSummary progress() {
        if (state == null) {
            return null;
        }
        Map<String, Long> refs = new TreeMap<>();
        HostedSteps.nodeStates(state)
                .forEach((node, ref) -> refs.put(node, ref.path("task").asLong()));
        return new RunSummary(
                state.executionId(),
                state.status().name(),
                state.pauseReason(),
                state.startedAt(),
                state.finishedAt(),
                startNode,
                state.lastNodeExecuted(),
                state.error() == null ? null : Json.write(state.error().toJson()),
                HostedSteps.runIndex(state),
                refs,
                new TreeMap<>(lostRuns),
                state.wakeAt(),
                state.waiting().stream()
                        .filter(w -> w.until() < 0)
                        .map(w -> w.task().node())
                        .toList(),
                lastAt,
                ExecutionState.BREAKPOINT.equals(state.pauseReason()) ? heldTask : null,
                heldTask != null && state.breakAfter());
    }

    private static boolean anyDone(Map<Long, Promise<StepOutcome>> inflight) {
        for (Promise<StepOutcome> p : inflight.values()) {
            if (p.isCompleted()) {
                return true;
            }
        }
        return false;
    }

    private long now() {
        return Workflow.currentTimeMillis();
    }

    /** One stub per node: its retry policy and the run's timeouts become the activity's options. */
    private NodeActivities stub(String nodeName) {
        return stubs.computeIfAbsent(nodeName, n -> {
            Node node = wf.graph().node(wf.graph().indexOf(n));
            var retry = node.retry();
            Duration timeout = options.nodeTimeout();
            long workflowTimeout = wf.workflow().settings().timeoutMs();
            if (workflowTimeout > 0 && Duration.ofMillis(workflowTimeout).compareTo(timeout) < 0) {
                timeout = Duration.ofMillis(workflowTimeout);
            }
            return Workflow.newActivityStub(
                    NodeActivities.class,
                    ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(timeout)
                            .setHeartbeatTimeout(options.heartbeatTimeout())
                            .setRetryOptions(RetryOptions.newBuilder()
                                    .setInitialInterval(Duration.ofMillis(Math.max(1, retry.waitMs())))
                                    .setBackoffCoefficient(Math.max(1.0, retry.backoff()))
                                    .setMaximumInterval(Duration.ofMillis(Math.max(1, retry.maxWaitMs())))
                                    // a try lost with its worker counts, but a node gets at least one more
                                    .setMaximumAttempts(Math.max(retry.maxTries(), 2))
                                    .build())
                            .build());
        });
    }

    /**
     * A node try: its activity, and when that stops for a sub-workflow, the child workflow and the try again, until
     * the node ends. The first activity is scheduled here, on the caller's thread, as before children existed, so
     * histories without children replay unchanged.
     */
    private Promise<StepOutcome> launch(Task task) {
        StepInput in = stepInput(task);
        return Async.function(stub(task.node())::runNode, in)
                .thenCompose(o -> StepOutcome.DEFERRED.equals(o.kind())
                        ? Async.function(() -> afterChildren(task, in, o))
                        : Workflow.newPromise(o));
    }

    /**
     * Asks the running children to cancel and waits until they have ended, so a canceled execution leaves none behind
     * (the test service, for one, does not apply a parent close policy).
     */
    private void cancelChildren() {
        if (runningChildren.isEmpty()) {
            return;
        }
        Workflow.newDetachedCancellationScope(() -> {
                    for (String id : List.copyOf(runningChildren)) {
                        Workflow.newUntypedExternalWorkflowStub(id).cancel();
                    }
                    Workflow.await(runningChildren::isEmpty);
                })
                .run();
    }

    private StepOutcome afterChildren(Task task, StepInput in, StepOutcome deferred) {
        StepInput next = in;
        StepOutcome o = deferred;
        while (StepOutcome.DEFERRED.equals(o.kind())) {
            ExecutionInput child = o.child();
            ExecutionWorkflow stub = Workflow.newChildWorkflowStub(
                    ExecutionWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(child.executionId())
                            // a canceled parent cancels its child (and waits for it), a parent gone asks it to stop
                            .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
                            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                            .build());
            runningChildren.add(child.executionId());
            try {
                next = next.withChild(child.executionId(), stub.run(child));
            } finally {
                runningChildren.remove(child.executionId());
            }
            o = stub(task.node()).runNode(next);
        }
        return o;
    }

    private StepInput stepInput(Task task) {
        Map<String, Long> refs = new TreeMap<>();
        HostedSteps.nodeStates(state)
                .forEach((node, ref) -> refs.put(node, ref.path("task").asLong()));
        return new StepInput(
                state.executionId(),
                task.id(),
                task.node(),
                task.inputs(),
                HostedSteps.runIndex(state),
                refs,
                state.startedAt(),
                state.lastNodeExecuted(),
                null);
    }

    private void apply(Task task, Promise<StepOutcome> promise) {
        StepOutcome o;
        try {
            o = promise.get();
        } catch (ActivityFailure | ChildWorkflowFailure failure) {
            long at = now();
            ExecutionError error = ExecutionError.of(
                    (failure instanceof ChildWorkflowFailure
                                    ? "the sub-workflow of node '" + task.node() + "' broke: "
                                    : "the worker running node '" + task.node() + "' was lost or failed on every try: ")
                            + rootMessage(failure),
                    task.node(),
                    ErrorKind.OPERATIONAL);
            lostRuns.put(
                    task.id(),
                    Json.write(HostedSteps.runToJson(new NodeRun(
                            task.id(), NodeRunStatus.ERROR, at, 0, List.of(), error, task.inputs(), List.of(), 0))));
            machine.apply(
                    state, new ExecutionEvent.NodeFailed(at, task.id(), task.node(), at, 0, error, List.of(), -1));
            return;
        }
        responded |= o.responded();
        ExecutionError error = o.errorJson() == null ? null : ExecutionError.fromJson(Json.parse(o.errorJson()));
        ObjectNode stateRef = o.nodeStateChanged() ? Json.object().put("task", task.id()) : null;
        ExecutionEvent event =
                switch (o.kind()) {
                    case StepOutcome.FINISHED ->
                        new ExecutionEvent.NodeFinished(
                                o.at(),
                                task.id(),
                                task.node(),
                                o.startTime(),
                                o.executionTimeMs(),
                                standIns(o.outputCounts()),
                                stateRef,
                                List.of(),
                                error);
                    case StepOutcome.FAILED ->
                        new ExecutionEvent.NodeFailed(
                                o.at(),
                                task.id(),
                                task.node(),
                                o.startTime(),
                                o.executionTimeMs(),
                                error,
                                List.of(),
                                -1);
                    case StepOutcome.WAITING -> {
                        // timers run on Temporal's clock: the wait lasts what the node asked for on its worker's
                        // clock, whatever the skew between the two (and time skipping in tests)
                        long now = now();
                        parkedAt.put(task.id(), new long[] {now, o.at()});
                        yield new ExecutionEvent.NodeWaiting(
                                now,
                                task.id(),
                                task.node(),
                                o.startTime(),
                                o.until() < 0 ? -1 : now + Math.max(0, o.until() - o.at()),
                                standIns(o.outputCounts()),
                                stateRef);
                    }
                    default -> throw new IllegalStateException("unknown step outcome " + o.kind());
                };
        machine.apply(state, event);
        if (event instanceof ExecutionEvent.NodeFinished f
                && pendingBreak == null
                && breakpoints.pausesAfter(task.node())) {
            pendingBreak = new ExecutionEvent.BreakHit(f.at(), task.id(), task.node(), true);
            pendingTask = task;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** Timed waits that are due resume now; their end is recorded in the run-data store first. */
    private void resumeDue(long now) {
        for (WaitingRun w : state.waiting()) {
            if (w.until() >= 0 && w.until() <= now) {
                bookkeeping.recordResume(new ResumeInput(
                        state.executionId(), w.task().id(), w.task().node(), now, false));
                machine.apply(state, new ExecutionEvent.Resumed(now, w.task().node(), null));
            }
        }
    }

    private void resumeFromOutside(ResumeSignal signal) {
        for (WaitingRun w : state.waiting()) {
            if (w.task().node().equals(signal.node())) {
                long at = now();
                boolean fresh = signal.outputCounts() != null;
                bookkeeping.recordResume(new ResumeInput(
                        state.executionId(), w.task().id(), w.task().node(), at, fresh));
                machine.apply(
                        state,
                        new ExecutionEvent.Resumed(
                                at, w.task().node(), fresh ? standIns(signal.outputCounts()) : null));
                return;
            }
        }
        Workflow.getLogger(ExecutionWorkflowImpl.class)
                .warn("resume of node '{}' ignored: it is not waiting", signal.node());
    }

    /** A workflow time as the parked run's worker clock would read it (the store's times are the workers'). */
    private long workerTime(WaitingRun w, long workflowTime) {
        long[] parked = parkedAt.remove(w.task().id());
        return parked == null ? workflowTime : parked[1] + (workflowTime - parked[0]);
    }

    /** Outputs with the right number of items and none of their data: all the machine reads of them. */
    private static List<List<Item>> standIns(List<Integer> counts) {
        List<List<Item>> ports = new ArrayList<>(counts.size());
        for (int n : counts) {
            ports.add(Collections.nCopies(n, Item.empty()));
        }
        return ports;
    }
}
