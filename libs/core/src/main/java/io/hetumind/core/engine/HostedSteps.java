package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.internal.ChildRunner;
import io.hetumind.core.engine.internal.Control;
import io.hetumind.core.engine.internal.EngineServices;
import io.hetumind.core.engine.internal.ErrorSummary;
import io.hetumind.core.engine.internal.ExecutionMachine;
import io.hetumind.core.engine.internal.MachineState;
import io.hetumind.core.engine.internal.NodeInvoker;
import io.hetumind.core.engine.internal.ResumeUrl;
import io.hetumind.core.engine.internal.StateCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.ResumeLinks;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The engine's parts for a host that drives an execution itself instead of the {@link Coordinator} (the Temporal
 * backend): it applies events with the {@link ExecutionMachine} in its own order, and runs each node try on its own
 * (elsewhere, later) against a view of the run data it rebuilt from its store. Node policies (retries, continue on
 * fail, error output, pinned data) are the very ones the coordinator applies.
 */
public final class HostedSteps {

    private HostedSteps() {}

    /** The machine the engine would use for this run (depth- or breadth-first as the workflow says, or parallel). */
    public static Machine machine(PreparedWorkflow wf, boolean parallel) {
        return new Machine(wf.machines().of(parallel));
    }

    /** The engine's state machine for one prepared workflow, as a host that drives it sees it. */
    public static final class Machine {
        private final ExecutionMachine machine;

        private Machine(ExecutionMachine machine) {
            this.machine = machine;
        }

        /** A new state for {@code executionId}; the first event applied to it is {@link ExecutionEvent.Started}. */
        public ExecutionState newState(String executionId) {
            return new MachineState(executionId, machine.graph().size());
        }

        /** Applies {@code event} to {@code state}, a state made by {@link #newState}; deterministic, no I/O. */
        public void apply(ExecutionState state, ExecutionEvent event) {
            machine.apply(MachineState.of(state), event);
        }

        /** The next queued task due at {@code now}, marked started, or null. */
        public Task nextRunnable(ExecutionState state, long now) {
            return machine.nextRunnable(MachineState.of(state), now);
        }

        /** Earliest time a queued task or a timed wait becomes due, or {@code Long.MAX_VALUE}. */
        public long nextDue(ExecutionState state) {
            return machine.nextDue(MachineState.of(state));
        }

        /**
         * {@code state} (made by {@link #newState}) as the engine's snapshot JSON, to go on with elsewhere: all the
         * machine needs — queue, waits, runs in flight, counters — so {@link #restore} gives a state that applies
         * the same events and starts the same tasks.
         */
        public String snapshot(ExecutionState state) {
            return StateCodec.write(MachineState.of(state));
        }

        /**
         * The task the last resume from a breakpoint released (it starts without pausing before it again), 0 when
         * none: a host that honours {@link Breakpoints} itself skips that task's before-breakpoint, as the engine does.
         */
        public long passedBreak(ExecutionState state) {
            return MachineState.of(state).passedBreak();
        }

        /** A state read back from {@link #snapshot}. */
        public ExecutionState restore(String snapshot) {
            return StateCodec.read(snapshot);
        }
    }

    /** What a run of {@code wf} with {@code request} is recorded as starting with. */
    public static RunInfo info(PreparedWorkflow wf, RunRequest request) {
        return request.info(wf.workflow().id(), wf.workflow().version());
    }

    /** The engine's default bound on a run's concurrent nodes. */
    public static int defaultParallelism(Engine engine) {
        return engine.services().defaultParallelism();
    }

    /** How many node runs may be in flight at once, as the coordinator computes it. */
    public static int parallelLimit(PreparedWorkflow wf, RunInfo info, int defaultParallelism) {
        if (!info.parallel()) {
            return 1;
        }
        if (info.maxParallel() > 0) {
            return info.maxParallel();
        }
        int concurrency = wf.workflow().settings().concurrency();
        return concurrency > 0 ? concurrency : defaultParallelism;
    }

    /** The first event of a run of {@code wf} at {@code at}, with the trigger items given (the host may pass stand-ins). */
    public static ExecutionEvent.Started started(
            PreparedWorkflow wf, RunRequest request, long at, List<Item> triggerItems) {
        String start = request.startNode();
        if (start == null) {
            List<String> triggers = wf.graph().triggers();
            if (triggers.isEmpty()) {
                throw new IllegalArgumentException("workflow has no trigger to start from");
            }
            start = triggers.getFirst();
        }
        if (wf.graph().indexOf(start) < 0) {
            throw new IllegalArgumentException("start node '" + start + "' does not exist");
        }
        return new ExecutionEvent.Started(
                at,
                start,
                triggerItems,
                request.info(wf.workflow().id(), wf.workflow().version()));
    }

    /** Node name → the task ids of its runs, oldest first, in the order nodes first ran. */
    public static LinkedHashMap<String, List<Long>> runIndex(ExecutionState s) {
        LinkedHashMap<String, List<Long>> index = new LinkedHashMap<>();
        for (String node : s.executedNodes()) {
            index.put(node, s.runs(node).stream().map(NodeRun::taskId).toList());
        }
        return index;
    }

    /** Node state as the machine holds it (the host may keep references in it). */
    public static Map<String, ObjectNode> nodeStates(ExecutionState s) {
        return Map.copyOf(MachineState.of(s).nodeStates());
    }

    /** What a view of an execution holds besides its runs. */
    public record ViewHeader(
            String executionId,
            RunInfo info,
            ExecutionStatus status,
            String pauseReason,
            long startedAt,
            long finishedAt,
            String startNode,
            List<Item> triggerItems,
            String lastNodeExecuted,
            ExecutionError error) {}

    /**
     * An execution state rebuilt from a host's store: what a node run reads (other nodes' run data, its own node
     * state, the trigger items) and what {@link RunDataView} renders. It has no queue: never apply events to it.
     */
    public static ExecutionState view(
            ViewHeader header, Map<String, List<NodeRun>> runs, Map<String, ObjectNode> nodeState) {
        return MachineState.view(
                header.executionId(),
                header.info(),
                header.status(),
                header.pauseReason(),
                header.startedAt(),
                header.finishedAt(),
                header.startNode(),
                header.triggerItems(),
                header.lastNodeExecuted(),
                header.error(),
                runs,
                nodeState);
    }

    /**
     * n8n's Error Trigger item for a failed run, for hosts that run the machine themselves and so start the workflow's
     * error workflow themselves (the engine does it in its own finish step).
     */
    public static Item errorItem(Workflow workflow, ExecutionResult failed) {
        return ErrorSummary.of(workflow, failed);
    }

    /** One try of a node, ready to run on the caller's thread; {@link #cancel} may come from another thread. */
    public static final class Step {
        private final NodeInvoker invoker;
        private final ExecutionState view;
        private final Task task;
        private final Control control = new Control();

        private Step(NodeInvoker invoker, ExecutionState view, Task task) {
            this.invoker = invoker;
            this.view = view;
            this.task = task;
        }

        /** Runs the node with its policies; the result is what the coordinator would apply. */
        public ExecutionEvent run() {
            MachineState state = MachineState.of(view);
            List<List<Item>> inputs = NodeInvoker.resolveInputs(state, task);
            ObjectNode prior = view.nodeState(task.node());
            return invoker.invoke(state, task, inputs, prior == null ? null : prior.deepCopy(), control);
        }

        public void cancel(String reason) {
            control.cancel(reason);
        }
    }

    /**
     * Prepares one try of {@code task} against {@code view}. Sub-workflows the node starts run on {@code engine} as
     * child executions of the view's id, as they do under the coordinator.
     */
    public static Step step(Engine engine, PreparedWorkflow wf, ExecutionState view, Task task, RunRequest request) {
        return step(engine, wf, view, task, request, UnaryOperator.identity());
    }

    /**
     * As above, but the node sees the sub-workflow runner {@code children} makes of the engine's own (scoped to the
     * task): a host that runs children elsewhere (Temporal child workflows) wraps it and may delegate to it.
     */
    public static Step step(
            Engine engine,
            PreparedWorkflow wf,
            ExecutionState view,
            Task task,
            RunRequest request,
            UnaryOperator<SubWorkflowRunner> children) {
        return step(engine, wf, view, task, request, children, null);
    }

    /**
     * As above, telling {@code subCalls} (nullable) as each call the node makes of a sub-node starts and ends ({@link
     * RunEvent.Kind#SUB_NODE_STARTED}, {@link RunEvent.Kind#SUB_NODE_FINISHED}), on the node's thread, as the
     * coordinator tells its listeners.
     */
    public static Step step(
            Engine engine,
            PreparedWorkflow wf,
            ExecutionState view,
            Task task,
            RunRequest request,
            UnaryOperator<SubWorkflowRunner> children,
            java.util.function.Consumer<RunEvent> subCalls) {
        Map<Class<?>, Object> runServices = new HashMap<>(request.services());
        runServices.put(
                SubWorkflowRunner.class,
                children.apply(
                        new ChildRunner(engine, engine.workflows(request), view.executionId(), request).forTask(task)));
        EngineServices services = engine.services();
        if (services.resumeUrlBase() != null) {
            String id = view.executionId();
            runServices.put(ResumeUrl.class, ResumeUrl.lazy(() -> services.resumeUrlBase() + engine.resumeToken(id)));
            runServices.put(ResumeLinks.class, engine.resumeLinks(id));
        }
        boolean pin = view.info() != null ? view.info().usePinData() : request.usePinData();
        return new Step(new NodeInvoker(services, wf.graph(), pin, runServices, subCalls), view, task);
    }

    /** Where {@code request}'s sub-workflows come from: its own {@link WorkflowResolver}, else the engine's. */
    public static WorkflowResolver workflows(Engine engine, RunRequest request) {
        return engine.workflows(request);
    }

    /**
     * The run the machine records for a try's result: a success (or continued failure), a failure for good, or the
     * parked run of a wait (status waiting, its outputs those it resumes with). Null for a try to be repeated.
     */
    public static NodeRun runOf(Task task, ExecutionEvent result) {
        return switch (result) {
            case ExecutionEvent.NodeFinished e ->
                new NodeRun(
                        task.id(),
                        NodeRunStatus.SUCCESS,
                        e.startTime(),
                        e.executionTimeMs(),
                        e.outputs(),
                        e.error(),
                        task.inputs(),
                        e.console(),
                        task.tryNumber(),
                        e.cost(),
                        e.subRuns());
            case ExecutionEvent.NodeFailed e
            when e.retryAt() < 0 ->
                new NodeRun(
                        task.id(),
                        NodeRunStatus.ERROR,
                        e.startTime(),
                        e.executionTimeMs(),
                        List.of(),
                        e.error(),
                        task.inputs(),
                        e.console(),
                        task.tryNumber(),
                        e.cost(),
                        e.subRuns());
            case ExecutionEvent.NodeWaiting e ->
                new NodeRun(
                        task.id(),
                        NodeRunStatus.WAITING,
                        e.startTime(),
                        0,
                        e.outputs(),
                        null,
                        task.inputs(),
                        List.of(),
                        task.tryNumber());
            default -> null;
        };
    }

    /** A parked run resumed at {@code at}, as the machine records it; {@code outputs} null keeps the parked ones. */
    public static NodeRun resumed(NodeRun waiting, long at, List<List<Item>> outputs) {
        return new NodeRun(
                waiting.taskId(),
                NodeRunStatus.SUCCESS,
                waiting.startTime(),
                Math.max(0, at - waiting.startTime()),
                outputs != null ? outputs : waiting.outputs(),
                null,
                waiting.source(),
                List.of(),
                waiting.tries());
    }

    public static ObjectNode runToJson(NodeRun run) {
        return StateCodec.writeRun(run);
    }

    public static NodeRun runFromJson(JsonNode json) {
        return StateCodec.readRun(json);
    }
}
