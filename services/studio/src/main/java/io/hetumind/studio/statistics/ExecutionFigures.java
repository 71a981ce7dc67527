package io.hetumind.studio.statistics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.NodeRunStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import java.util.List;
import java.util.UUID;

/**
 * What an ended execution adds to its workflow's statistics, computed on the run's thread from its final state (a
 * walk over the node runs, no item data kept) so the settle only inserts a row.
 */
public record ExecutionFigures(UUID tenantId, UUID workflowId, long durationMs, String error, String nodesJson) {
    /** Longest error message kept; statistics group by message, so longer ones add nothing but size. */
    static final int MAX_MESSAGE = 500;

    public static ExecutionFigures of(UUID tenantId, UUID workflowId, ExecutionState s, Workflow wf) {
        ArrayNode nodes = Json.array();
        for (String name : s.executedNodes()) {
            List<NodeRun> runs = s.runs(name);
            long ms = 0;
            long items = 0;
            int errors = 0;
            String error = null;
            for (NodeRun r : runs) {
                ms += Math.max(0, r.executionTimeMs());
                for (List<Item> port : r.outputs()) {
                    items += port.size();
                }
                if (r.status() == NodeRunStatus.ERROR || r.error() != null) {
                    errors++;
                    error = r.error() == null ? "failed" : r.error().message();
                }
            }
            ObjectNode n = nodes.addObject();
            n.put("node", name);
            n.put("type", wf == null ? null : wf.node(name).map(Node::type).orElse(null));
            n.put("runs", runs.size());
            n.put("ms", ms);
            n.put("items", items);
            n.put("errors", errors);
            n.put("error", clip(error));
        }
        long duration = s.startedAt() > 0 && s.finishedAt() >= s.startedAt() ? s.finishedAt() - s.startedAt() : 0;
        return new ExecutionFigures(
                tenantId,
                workflowId,
                duration,
                s.error() == null ? null : clip(s.error().message()),
                nodes.toString());
    }

    static String clip(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE);
    }
}
