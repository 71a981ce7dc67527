package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import java.util.List;

/**
 * One finished (or parked) run of a node, as kept in run data: outputs per port, timings,
 * the error if it failed or continued on failure, where its inputs came from, and the calls it made of its sub-nodes
 * ({@code subRuns}, shown in run data as runs of those sub-nodes).
 */
public record NodeRun(
        long taskId,
        NodeRunStatus status,
        long startTime,
        long executionTimeMs,
        List<List<Item>> outputs,
        ExecutionError error,
        List<List<SourceRef>> source,
        List<String> console,
        int tries,
        NodeCost cost,
        List<SubRun> subRuns) {

    /** A run without sub-node calls. */
    public NodeRun(
            long taskId,
            NodeRunStatus status,
            long startTime,
            long executionTimeMs,
            List<List<Item>> outputs,
            ExecutionError error,
            List<List<SourceRef>> source,
            List<String> console,
            int tries,
            NodeCost cost) {
        this(taskId, status, startTime, executionTimeMs, outputs, error, source, console, tries, cost, List.of());
    }

    /** A run without a measured cost. */
    public NodeRun(
            long taskId,
            NodeRunStatus status,
            long startTime,
            long executionTimeMs,
            List<List<Item>> outputs,
            ExecutionError error,
            List<List<SourceRef>> source,
            List<String> console,
            int tries) {
        this(taskId, status, startTime, executionTimeMs, outputs, error, source, console, tries, null);
    }

    public NodeRun {
        outputs = outputs == null ? List.of() : outputs;
        source = source == null ? List.of() : source;
        console = console == null ? List.of() : List.copyOf(console);
        subRuns = subRuns == null ? List.of() : List.copyOf(subRuns);
    }

    /** Items of output {@code port}, empty when the port produced nothing. */
    public List<Item> output(int port) {
        return port < outputs.size() ? outputs.get(port) : List.of();
    }
}
