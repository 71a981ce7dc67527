package io.hetumind.executor.temporal;

import io.hetumind.core.engine.ChildWaitingException;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.SubWorkflowRunner;
import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.engine.WorkflowResolver;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeException;
import java.util.List;
import java.util.Map;

/**
 * The sub-workflow runner a node try sees on Temporal. The n-th child a try asks for has the id
 * {@code <parent>.c<task>.<n>}, as natively. A child the workflow code already ran (its summary handed in with the
 * step) is returned from the run-data store; the first one it has not is checked (resolved, compiled), its input
 * written to the store, and the try stops with {@link ChildWaitingException}: the activity reports it as a
 * {@code deferred} outcome, the workflow code runs the child as a Temporal child workflow and then runs the try
 * again, which this time finds the child's result. Calls from other threads than the try's go to the engine's own
 * runner. A start without waiting (Execute Workflow's fire and forget) goes to the host's {@link SubWorkflowStarter},
 * which records such a child as an execution of its own (the studio), named by a key that is the same on every attempt
 * of this try ({@link #startKey}), so a try repeated after its worker was lost does not start it twice; without a
 * starter the engine runs it natively on this worker.
 */
final class TemporalChildRunner implements SubWorkflowRunner {

    private static final int MAX_DEPTH = 32;

    private final SubWorkflowRunner nativeRunner;
    private final PreparedCache prepared;
    private final RunDataStore store;
    private final ExecutionInput parent;
    private final RunRequest request;
    private final long taskId;
    private final Map<String, RunSummary> finished;
    private final String activityId;
    private final long scheduledAt;
    private volatile Thread owner;
    private int started;
    private int fired;
    private volatile ExecutionInput requested;

    TemporalChildRunner(
            SubWorkflowRunner nativeRunner,
            PreparedCache prepared,
            RunDataStore store,
            ExecutionInput parent,
            RunRequest request,
            long taskId,
            Map<String, RunSummary> finished,
            String activityId,
            long scheduledAt) {
        this.nativeRunner = nativeRunner;
        this.prepared = prepared;
        this.store = store;
        this.parent = parent;
        this.request = request;
        this.taskId = taskId;
        this.finished = finished == null ? Map.of() : finished;
        this.activityId = activityId;
        this.scheduledAt = scheduledAt;
    }

    /** The thread the node's try runs on: its calls become child workflows. */
    void own(Thread thread) {
        owner = thread;
    }

    /** The child the try stopped for, if it did. */
    ExecutionInput requested() {
        return requested;
    }

    @Override
    public ExecutionResult run(String reference, List<Item> input) {
        if (Thread.currentThread() != owner) {
            return nativeRunner.run(reference, input);
        }
        WorkflowResolver resolver = HostedSteps.workflows(prepared.engine(), request);
        Workflow wf = resolver.resolve(reference)
                .orElseThrow(() -> NodeException.user("sub-workflow '" + reference + "' not found"));
        return run(wf, input);
    }

    @Override
    public void start(String reference, List<Item> input) {
        if (Thread.currentThread() == owner
                && request.services().get(SubWorkflowStarter.class) instanceof SubWorkflowStarter starter) {
            starter.start(reference, input, startKey(parent.executionId(), taskId, activityId, fired++), scheduledAt);
        } else {
            nativeRunner.start(reference, input);
        }
    }

    /**
     * The key of the {@code n}-th start without waiting of a try: the parent, the task, the activity (Temporal gives
     * every attempt of one activity the same id, and the id is fixed by the workflow's history) and the call's index
     * in the try. An attempt after a lost worker repeats the calls in the same order, so it repeats the keys.
     */
    static String startKey(String parentId, long taskId, String activityId, int n) {
        return parentId + ".s" + taskId + "." + activityId + "." + n;
    }

    @Override
    public void start(Workflow workflow, List<Item> input) {
        nativeRunner.start(workflow, input);
    }

    @Override
    public ExecutionResult run(Workflow workflow, List<Item> input) {
        if (Thread.currentThread() != owner) {
            return nativeRunner.run(workflow, input);
        }
        if (depth(parent.executionId()) >= MAX_DEPTH) {
            throw NodeException.user("sub-workflows nested deeper than " + MAX_DEPTH);
        }
        String childId = parent.executionId() + ".c" + taskId + "." + started++;
        RunSummary done = finished.get(childId);
        if (done != null) {
            return new ExecutionResult(TemporalExecutor.hydrate(store, done));
        }
        String json = WorkflowFormat.writeJson(workflow);
        prepared.get(json); // an invalid child fails the node here (WorkflowInvalidException), as natively
        ExecutionInput child = new ExecutionInput(
                childId,
                json,
                "child",
                parent.executionId(),
                parent.parallel(),
                parent.maxParallel(),
                false,
                null,
                input.size(),
                parent.context());
        store.putInput(child, input);
        requested = child;
        throw new ChildWaitingException(childId, -1);
    }

    private static int depth(String id) {
        int d = 0;
        for (int i = id.indexOf(".c"); i >= 0; i = id.indexOf(".c", i + 2)) {
            d++;
        }
        return d;
    }
}
