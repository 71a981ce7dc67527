package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import java.util.List;

/** Runs sub-workflows for one parent execution, synchronously, with the parent's engine. */
final class ChildRunner implements SubWorkflowRunner {

    private static final int MAX_DEPTH = 32;

    private final Engine engine;
    private final String parentExecutionId;
    private final RunRequest parent;

    ChildRunner(Engine engine, String parentExecutionId, RunRequest parent) {
        this.engine = engine;
        this.parentExecutionId = parentExecutionId;
        this.parent = parent;
    }

    @Override
    public ExecutionResult run(String reference, List<Item> input) {
        Workflow wf = engine.services()
                .workflows()
                .resolve(reference)
                .orElseThrow(
                        () -> io.hetumind.core.spi.NodeException.user("sub-workflow '" + reference + "' not found"));
        return run(wf, input);
    }

    @Override
    public ExecutionResult run(Workflow workflow, List<Item> input) {
        int depth = depth(parentExecutionId);
        if (depth >= MAX_DEPTH) {
            throw io.hetumind.core.spi.NodeException.user("sub-workflows nested deeper than " + MAX_DEPTH);
        }
        RunRequest child = new RunRequest(
                parentExecutionId + ".c" + System.nanoTime(),
                null,
                input,
                "child",
                parent.parallel(),
                parent.maxParallel(),
                parent.deadline(),
                false,
                parentExecutionId);
        return engine.run(engine.prepare(workflow), child);
    }

    private static int depth(String id) {
        int d = 0;
        for (int i = id.indexOf(".c"); i >= 0; i = id.indexOf(".c", i + 2)) {
            d++;
        }
        return d;
    }
}
