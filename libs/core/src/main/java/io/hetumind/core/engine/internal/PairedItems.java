package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.model.Item;
import java.util.List;
import java.util.Optional;

/** Follows n8n's paired-item links back from an input item to the item of an ancestor node. */
public final class PairedItems {

    private static final int MAX_HOPS = 10_000;

    private PairedItems() {}

    /**
     * The item of node {@code target} that input item {@code index} (arriving through
     * {@code sources}) descends from; falls back to the same index of the target's last run.
     */
    public static Optional<Item> find(MachineState s, List<SourceRef> sources, int index, String target) {
        List<SourceRef> refs = sources;
        int idx = index;
        for (int hop = 0; hop < MAX_HOPS && refs != null && !refs.isEmpty(); hop++) {
            // Inputs from several sources are concatenated: find which one holds item idx.
            SourceRef ref = null;
            for (SourceRef r : refs) {
                int size = items(s, r).size();
                if (idx < size) {
                    ref = r;
                    break;
                }
                idx -= size;
            }
            if (ref == null || ref.node() == null) {
                break;
            }
            List<Item> items = items(s, ref);
            Item item = items.get(idx);
            if (ref.node().equals(target)) {
                return Optional.of(item);
            }
            NodeRun run = s.runs(ref.node()).get(ref.run());
            int input = item.pairedItem() == null ? 0 : item.pairedItem().input();
            idx = item.pairedItem() == null ? idx : item.pairedItem().item();
            refs = input < run.source().size() ? run.source().get(input) : null;
        }
        List<NodeRun> runs = s.runs(target);
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        List<Item> out = runs.getLast().output(0);
        return index < out.size() ? Optional.of(out.get(index)) : Optional.empty();
    }

    public static List<Item> items(MachineState s, SourceRef ref) {
        if (ref.node() == null) {
            return ref.run() < 0 ? List.of(Item.empty()) : s.triggerItems;
        }
        List<NodeRun> runs = s.runs(ref.node());
        return ref.run() < runs.size() ? runs.get(ref.run()).output(ref.output()) : List.of();
    }
}
