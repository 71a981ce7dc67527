package io.hetumind.core.engine;

import io.hetumind.core.engine.internal.MachineState;
import io.hetumind.core.engine.internal.PairedItems;
import io.hetumind.core.model.Item;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One node run's cost, as a profiler shows it: wall time, CPU time and bytes allocated (-1 when not measured — see
 * {@link NodeCost}), items in and out, and the wait between the run becoming ready (its inputs' producers finished)
 * and starting.
 */
public record NodeProfile(
        String node, int run, long wallMs, long cpuNanos, long allocatedBytes, int itemsIn, int itemsOut, long waitMs) {

    /** Every node run of {@code s}, costliest (wall time, then CPU) first. */
    public static List<NodeProfile> of(ExecutionState s) {
        List<NodeProfile> out = new ArrayList<>();
        for (String node : s.executedNodes()) {
            List<NodeRun> runs = s.runs(node);
            for (int i = 0; i < runs.size(); i++) {
                NodeRun r = runs.get(i);
                int in = 0;
                long readyAt = 0;
                for (List<SourceRef> input : r.source()) {
                    for (SourceRef ref : input) {
                        in += PairedItems.items(MachineState.of(s), ref).size();
                        readyAt = Math.max(readyAt, finishedAt(s, ref));
                    }
                }
                int outItems = r.outputs().stream().mapToInt(List<Item>::size).sum();
                out.add(new NodeProfile(
                        node,
                        i,
                        r.executionTimeMs(),
                        r.cost() == null ? -1 : r.cost().cpuNanos(),
                        r.cost() == null ? -1 : r.cost().allocatedBytes(),
                        in,
                        outItems,
                        readyAt == 0 ? 0 : Math.max(0, r.startTime() - readyAt)));
            }
        }
        out.sort(Comparator.comparingLong(NodeProfile::wallMs)
                .thenComparingLong(NodeProfile::cpuNanos)
                .reversed());
        return out;
    }

    /** When the run a reference names finished; the execution's start for its trigger input. */
    private static long finishedAt(ExecutionState s, SourceRef ref) {
        if (ref.node() == null) {
            return s.startedAt();
        }
        List<NodeRun> runs = s.runs(ref.node());
        if (ref.run() < 0 || ref.run() >= runs.size()) {
            return 0;
        }
        NodeRun r = runs.get(ref.run());
        return r.startTime() + r.executionTimeMs();
    }
}
