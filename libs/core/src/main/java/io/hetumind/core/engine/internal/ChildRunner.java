package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.ChildWaitingException;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ErrorWorkflowLauncher;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.SubWorkflowRunner;
import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WorkflowResolver;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeException;
import java.util.List;

/**
 * Runs sub-workflows for one node run of a parent execution, synchronously, with the parent's
 * engine. Child ids are deterministic ({@code <parent>.c<task>.<n>}), so when the parent's node
 * runs again after a crash or a deferral, a child that already has a checkpoint is resumed (or
 * its finished result returned) instead of being run twice.
 */
public final class ChildRunner implements SubWorkflowRunner, TaskScoped<SubWorkflowRunner> {

    private static final int MAX_DEPTH = 32;
    /** Per-run services a child execution takes over from its parent. */
    private static final List<Class<?>> INHERITED = List.of(
            WorkflowResolver.class,
            io.hetumind.core.spi.CredentialResolver.class,
            ErrorWorkflowLauncher.class,
            SubWorkflowStarter.class);

    private final Engine engine;
    private final WorkflowResolver workflows;
    private final String parentExecutionId;
    private final RunRequest parent;
    private final long taskId;
    private int started;

    /** Children of {@code parent}'s run, resolving references with {@code workflows} (the run's own resolver). */
    public ChildRunner(Engine engine, WorkflowResolver workflows, String parentExecutionId, RunRequest parent) {
        this(engine, workflows, parentExecutionId, parent, 0);
    }

    private ChildRunner(
            Engine engine, WorkflowResolver workflows, String parentExecutionId, RunRequest parent, long taskId) {
        this.engine = engine;
        this.workflows = workflows;
        this.parentExecutionId = parentExecutionId;
        this.parent = parent;
        this.taskId = taskId;
    }

    @Override
    public SubWorkflowRunner forTask(Task task) {
        return new ChildRunner(engine, workflows, parentExecutionId, parent, task.id());
    }

    @Override
    public ExecutionResult run(String reference, List<Item> input) {
        Workflow wf = workflows
                .resolve(reference)
                .orElseThrow(() -> NodeException.user("sub-workflow '" + reference + "' not found"));
        return run(wf, input);
    }

    /** Hands the start to the host's {@link SubWorkflowStarter} when the run has one; else runs it on a thread here. */
    @Override
    public void start(String reference, List<Item> input) {
        if (parent.services().get(SubWorkflowStarter.class) instanceof SubWorkflowStarter starter) {
            starter.start(reference, input);
        } else {
            SubWorkflowRunner.super.start(reference, input);
        }
    }

    @Override
    public ExecutionResult run(Workflow workflow, List<Item> input) {
        int depth = depth(parentExecutionId);
        if (depth >= MAX_DEPTH) {
            throw NodeException.user("sub-workflows nested deeper than " + MAX_DEPTH);
        }
        String childId;
        synchronized (this) {
            childId = parentExecutionId + ".c" + taskId + "." + started++;
        }
        RunRequest child = RunRequest.defaults()
                .withExecutionId(childId)
                .withInput(input)
                .withMode("child")
                .withParallel(parent.parallel())
                .withMaxParallel(parent.maxParallel())
                .withDeadline(parent.deadline())
                .withDurability(parent.durability())
                .withParent(parentExecutionId);
        // the child acts for the same tenant and user as its parent: it resolves workflows and credentials the same way
        for (Class<?> inherited : INHERITED) {
            Object service = parent.services().get(inherited);
            if (service != null) {
                child = withService(child, inherited, service);
            }
        }
        PreparedWorkflow prepared = engine.prepare(workflow);
        ExecutionResult result = engine.checkpointer().load(childId).isPresent()
                ? engine.resume(prepared, childId, child)
                : engine.run(prepared, child);
        if (result.status() == ExecutionStatus.WAITING) {
            throw new ChildWaitingException(childId, result.state().wakeAt());
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <T> RunRequest withService(RunRequest req, Class<T> type, Object value) {
        return req.withService(type, (T) value);
    }

    private static int depth(String id) {
        int d = 0;
        for (int i = id.indexOf(".c"); i >= 0; i = id.indexOf(".c", i + 2)) {
            d++;
        }
        return d;
    }
}
