package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.expr.PairedItemException;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows paired-item links back from an input item to the item of an ancestor node, as n8n's WorkflowDataProxy
 * {@code getPairedItem} does: every pairing of an item is followed (a {@code sourceOverwrite} names the node output it
 * points into), one that leads nowhere is dropped while another leads somewhere, and pairings that reach different
 * items fail with n8n's 'Multiple matches found'. Where n8n stumbles on a TypeError (every pairing leads past a node
 * without inputs, such as the trigger: the reference goes through another branch) the failure is a
 * {@link PairedItemException.Kind#TYPE_ERROR}, which an expression turns into no value.
 */
public final class PairedItems {

    /** n8n follows every pairing, which can multiply; past this many steps the reference fails instead. */
    private static final int MAX_STEPS = 1_000_000;

    private PairedItems() {}

    /** Where a pairing points: the refs of one input (Hetumind concatenates several sources on one input). */
    private record Step(List<SourceRef> refs, int item) {}

    /** An item found: node output {@code ref}, index {@code index} there. */
    private record Match(SourceRef ref, int index, Item item) {}

    /**
     * The item of node {@code target} that input item {@code index} (arriving through {@code sources}, the evaluated
     * node's first input) descends from; {@code method} is the accessor used ({@code item}, {@code itemMatching},
     * {@code pairedItem}), which n8n names in its 'unavailable' error. Throws {@link PairedItemException} where n8n fails.
     */
    public static Item find(MachineState s, List<SourceRef> sources, int index, String target, String method) {
        // n8n gives every input item {item: i} before a node runs and starts from that pairing in the first input
        try {
            return resolve(s, new Step(sources, index), target, method, new int[1])
                    .item();
        } catch (StackOverflowError e) {
            // a pairing chain deeper than the thread's stack: fail the reference, not the worker
            throw new PairedItemException(
                    PairedItemException.Kind.EXPRESSION_ERROR,
                    "Paired item resolution failed",
                    "Data not found",
                    "Could not trace back to node '" + target + "' (the chain of pairings is too deep)");
        }
    }

    private static Match resolve(MachineState s, Step step, String target, String method, int[] steps) {
        if (++steps[0] > MAX_STEPS) {
            throw new PairedItemException(
                    PairedItemException.Kind.EXPRESSION_ERROR,
                    "Paired item resolution failed",
                    "Data not found",
                    "Could not trace back to node '" + target + "' (more than " + MAX_STEPS + " steps)");
        }
        if (step.refs() == null || step.refs().isEmpty()) {
            throw new PairedItemException(
                    PairedItemException.Kind.EXPRESSION_ERROR,
                    "Paired item resolution failed",
                    "Data not found",
                    "Could not trace back to node '" + target + "'");
        }
        // several sources on one input are concatenated: find the one that holds the item
        SourceRef ref = step.refs().getLast();
        int local = step.item();
        for (SourceRef r : step.refs()) {
            int size = items(s, r).size();
            if (local < size || r == ref) {
                ref = r;
                break;
            }
            local -= size;
        }
        List<Item> output = items(s, ref);
        if (target.equals(ref.node())) {
            if (local < 0 || local >= output.size()) {
                throw unavailable(ref.node(), method);
            }
            return new Match(ref, local, output.get(local));
        }
        if (local < 0 || local >= output.size()) {
            // n8n reads .pairedItem of an item that does not exist
            throw PairedItemException.typeError("Cannot read properties of undefined (reading 'pairedItem')");
        }
        Item item = output.get(local);
        List<PairedItem> next = item.pairedItems();
        if (next.isEmpty()) {
            throw unavailable(ref.node(), method);
        }
        List<List<SourceRef>> sourceArray = sourceArray(s, ref);
        List<Match> matched = new ArrayList<>(next.size());
        PairedItemException firstError = null;
        boolean any = false;
        for (PairedItem p : next) {
            if (p.input() >= sourceArray.size()) {
                continue; // n8n: a pairing with an input the node did not have contributes nothing
            }
            any = true;
            List<SourceRef> refs = p.sourceOverwrite() != null
                    ? List.of(new SourceRef(
                            p.sourceOverwrite().node(),
                            p.sourceOverwrite().run(),
                            p.sourceOverwrite().output()))
                    : sourceArray.get(p.input());
            Match m;
            try {
                m = resolve(s, new Step(refs, p.item()), target, method, steps);
            } catch (PairedItemException e) {
                if (firstError == null) {
                    firstError = e;
                }
                continue;
            }
            if (!matched.isEmpty() && !same(matched.getFirst(), m)) {
                // n8n follows the remaining pairings too, but nothing they give changes the outcome
                throw multipleMatches(target, step.item(), ref.node(), local);
            }
            matched.add(m);
        }
        if (matched.isEmpty()) {
            if (!any) {
                // n8n: results is empty, `throw results[0].error` reads a property of undefined
                throw PairedItemException.typeError("Cannot read properties of undefined (reading 'error')");
            }
            throw firstError;
        }
        return matched.getFirst();
    }

    private static boolean same(Match a, Match b) {
        return a.ref().equals(b.ref()) && a.index() == b.index();
    }

    private static PairedItemException multipleMatches(String target, int item, String node, int local) {
        return new PairedItemException(
                PairedItemException.Kind.EXPRESSION_ERROR,
                "Multiple matches found",
                "Multiple matches",
                "Multiple matching items for item [" + item + "]: the expression uses data in node '" + target
                        + "', but more than one of its items leads to this one (the pairings of node '" + node
                        + "' item " + local + " reach different items)");
    }

    private static PairedItemException unavailable(String node, String method) {
        return PairedItemException.error(
                "Paired item data for " + method + " from node '" + node + "' is unavailable. Ensure '" + node
                        + "' is providing the required output.",
                "Missing pairedItem data (node '" + node + "' probably didn't supply it)");
    }

    /** The inputs of the run behind {@code ref} as n8n's task {@code source}: none for a node without inputs. */
    private static List<List<SourceRef>> sourceArray(MachineState s, SourceRef ref) {
        List<NodeRun> runs = s.runs(ref.node());
        if (ref.run() < 0 || ref.run() >= runs.size()) {
            return List.of();
        }
        List<List<SourceRef>> source = runs.get(ref.run()).source();
        for (List<SourceRef> input : source) {
            for (SourceRef r : input) {
                if (r.node() != null) {
                    return source;
                }
            }
        }
        // a start node's input is the execution's trigger data, which n8n gives no source
        return List.of();
    }

    public static List<Item> items(MachineState s, SourceRef ref) {
        if (ref.node() == null) {
            return ref.run() < 0 ? List.of(Item.empty()) : s.triggerItems;
        }
        List<NodeRun> runs = s.runs(ref.node());
        return ref.run() < runs.size() ? runs.get(ref.run()).output(ref.output()) : List.of();
    }
}
