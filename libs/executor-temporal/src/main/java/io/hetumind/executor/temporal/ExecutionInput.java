package io.hetumind.executor.temporal;

import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.RunRequest;
import java.util.Map;

/**
 * The input of one execution's Temporal workflow, and so the first event of its history: the workflow document as it
 * was when the execution started (a later save cannot change what a replay sees) and the run options. Trigger items
 * are not in it, only their count: they live in the {@link RunDataStore}.
 *
 * @param context what the host wants every node try to know beside the run options (the studio: tenant, workflow,
 *     the user a run acts for), read by {@link WorkerHooks}; a few short strings, never item data (null: none)
 * @param generation 0 for the execution's first workflow run; n when run n-1 continued as new, handing on its state
 *     through the {@link RunDataStore} ({@link RunDataStore#continuation}); absent in inputs recorded before it existed
 * @param breakpoints where the run pauses for a debugger when it starts (a debugger's {@link DebugCommand} changes them
 *     later); null (inputs recorded before it existed): none
 */
public record ExecutionInput(
        String executionId,
        String workflowJson,
        String mode,
        String parentExecutionId,
        boolean parallel,
        int maxParallel,
        boolean usePinData,
        String startNode,
        int triggerCount,
        Map<String, String> context,
        int generation,
        Breakpoints breakpoints) {

    public ExecutionInput {
        context = context == null ? Map.of() : Map.copyOf(context);
        breakpoints = breakpoints == null || !breakpoints.any() ? null : breakpoints;
        if (generation < 0) {
            throw new IllegalArgumentException("a generation is 0 or more, was " + generation);
        }
    }

    /** The input of an execution's first workflow run. */
    public ExecutionInput(
            String executionId,
            String workflowJson,
            String mode,
            String parentExecutionId,
            boolean parallel,
            int maxParallel,
            boolean usePinData,
            String startNode,
            int triggerCount,
            Map<String, String> context) {
        this(
                executionId,
                workflowJson,
                mode,
                parentExecutionId,
                parallel,
                maxParallel,
                usePinData,
                startNode,
                triggerCount,
                context,
                0,
                null);
    }

    /** The input of the next generation, which goes on from what this one handed on. */
    ExecutionInput next() {
        return new ExecutionInput(
                executionId,
                workflowJson,
                mode,
                parentExecutionId,
                parallel,
                maxParallel,
                usePinData,
                startNode,
                triggerCount,
                context,
                generation + 1,
                breakpoints);
    }

    /** This input with {@code value} as the breakpoints the run starts with. */
    public ExecutionInput withBreakpoints(Breakpoints value) {
        return new ExecutionInput(
                executionId,
                workflowJson,
                mode,
                parentExecutionId,
                parallel,
                maxParallel,
                usePinData,
                startNode,
                triggerCount,
                context,
                generation,
                value);
    }

    /** The breakpoints the run starts with. */
    Breakpoints startBreakpoints() {
        return breakpoints == null ? Breakpoints.NONE : breakpoints;
    }

    /** The run request the engine would have been given. */
    public RunRequest toRequest() {
        RunRequest r = RunRequest.defaults()
                .withExecutionId(executionId)
                .withMode(mode)
                .withParallel(parallel)
                .withMaxParallel(maxParallel)
                .withPinData(usePinData);
        if (parentExecutionId != null) {
            r = r.withParent(parentExecutionId);
        }
        return startNode == null ? r : r.withStartNode(startNode);
    }
}
