package io.hetumind.executor.temporal;

import io.hetumind.core.engine.SourceRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a node activity is handed: which task of which execution, where its inputs come from (references into run
 * data), and the index of the run data so far (node → task ids, node → the task whose node state is current). Items
 * are read from the {@link RunDataStore}; nothing here grows with item data. {@code children}: the child executions
 * this try asked for that have run (child id → their summary), for a try run again after its sub-workflows (null or
 * empty on a first try).
 */
public record StepInput(
        String executionId,
        long taskId,
        String node,
        List<List<SourceRef>> inputs,
        LinkedHashMap<String, List<Long>> runIndex,
        Map<String, Long> nodeStateRefs,
        long startedAt,
        String lastNodeExecuted,
        Map<String, RunSummary> children) {

    /** The same try once child {@code childId} has ended with {@code summary}. */
    StepInput withChild(String childId, RunSummary summary) {
        Map<String, RunSummary> all = new TreeMap<>(children == null ? Map.of() : children);
        all.put(childId, summary);
        return new StepInput(
                executionId, taskId, node, inputs, runIndex, nodeStateRefs, startedAt, lastNodeExecuted, all);
    }
}
