package io.hetumind.executor.temporal;

import io.hetumind.core.engine.SourceRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node activity is handed: which task of which execution, where its inputs come from (references into run
 * data), and the index of the run data so far (node → task ids, node → the task whose node state is current). Items
 * are read from the {@link RunDataStore}; nothing here grows with item data.
 */
public record StepInput(
        String executionId,
        long taskId,
        String node,
        List<List<SourceRef>> inputs,
        LinkedHashMap<String, List<Long>> runIndex,
        Map<String, Long> nodeStateRefs,
        long startedAt,
        String lastNodeExecuted) {}
