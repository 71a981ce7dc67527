package io.hetumind.core.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * When a multi-input node (Merge) may run: once every input has data, or once the inputs
 * still empty can no longer receive any because no node upstream of them is active.
 */
final class Readiness {

    private final WorkflowGraph graph;
    private final boolean forceInputs;

    /**
     * {@code forceInputs} is n8n's legacy (v0) behaviour: before a multi-input node runs with an
     * input missing, the never-run nodes without incoming connections that feed that input run
     * first, each with one empty item.
     */
    Readiness(WorkflowGraph graph, boolean forceInputs) {
        this.graph = graph;
        this.forceInputs = forceInputs;
    }

    /**
     * Multi-input nodes run once every input has data, or once the inputs still empty can no
     * longer receive any (no active node upstream of them).
     */
    List<Task> release(ExecutionState s) {
        List<Task> released = new ArrayList<>();
        boolean changed = true;
        while (changed && !s.pending.isEmpty()) {
            changed = false;
            for (Iterator<Map.Entry<String, List<Deque<SourceRef>>>> it =
                            s.pending.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, List<Deque<SourceRef>>> entry = it.next();
                int node = graph.indexOf(entry.getKey());
                List<Integer> roots = forceInputs ? unranRoots(s, node, entry.getValue()) : List.of();
                if (!roots.isEmpty()) {
                    for (int root : roots) {
                        released.add(ExecutionMachine.newTask(
                                s, graph.node(root).name(), List.of(List.of(SourceRef.EMPTY_ITEM))));
                    }
                    return released; // they are active now; the node waits for what they deliver
                }
                if (!isReady(s, node, entry.getValue())) {
                    continue;
                }
                List<List<SourceRef>> taken = new ArrayList<>();
                boolean left = false;
                for (Deque<SourceRef> q : entry.getValue()) {
                    SourceRef ref = q.pollFirst();
                    taken.add(ref == null ? List.of() : List.of(ref));
                    left |= !q.isEmpty();
                }
                if (!left) {
                    it.remove();
                }
                released.add(ExecutionMachine.newTask(s, entry.getKey(), taken));
                changed = true;
                break;
            }
        }
        return released;
    }

    /**
     * Nodes without incoming connections that never ran, are not active and feed (directly or
     * through other never-run nodes) an empty input of {@code node}.
     */
    private List<Integer> unranRoots(ExecutionState s, int node, List<Deque<SourceRef>> inputs) {
        BitSet active = activeNodes(s, node);
        BitSet seen = new BitSet(graph.size());
        List<Integer> roots = new ArrayList<>();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        for (int in = 0; in < inputs.size(); in++) {
            if (inputs.get(in).isEmpty()) {
                graph.sources(node, in).forEach(e -> todo.add(e.node()));
            }
        }
        while (!todo.isEmpty()) {
            int n = todo.poll();
            if (seen.get(n) || active.get(n) || !s.runs(graph.node(n).name()).isEmpty()) {
                continue;
            }
            seen.set(n);
            boolean hasIncoming = false;
            for (int in = 0; in < graph.inputCount(n); in++) {
                for (WorkflowGraph.Edge e : graph.sources(n, in)) {
                    hasIncoming = true;
                    todo.add(e.node());
                }
            }
            if (!hasIncoming
                    && !graph.type(n).descriptor().trigger()
                    && !graph.node(n).disabled()) {
                roots.add(n);
            }
        }
        return roots;
    }

    private boolean isReady(ExecutionState s, int node, List<Deque<SourceRef>> inputs) {
        boolean all = true;
        boolean any = false;
        for (Deque<SourceRef> q : inputs) {
            all &= !q.isEmpty();
            any |= !q.isEmpty();
        }
        if (all) {
            return true;
        }
        if (!any) {
            return false;
        }
        BitSet active = activeNodes(s, node);
        for (int in = 0; in < inputs.size(); in++) {
            if (!inputs.get(in).isEmpty()) {
                continue;
            }
            for (WorkflowGraph.Edge src : graph.sources(node, in)) {
                if (active.get(src.node())) {
                    return false;
                }
                for (int a = active.nextSetBit(0); a >= 0; a = active.nextSetBit(a + 1)) {
                    if (graph.isAncestor(a, src.node())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Nodes that may still produce data: queued, running, parked or holding partial inputs. */
    private BitSet activeNodes(ExecutionState s, int except) {
        BitSet active = new BitSet(graph.size());
        for (Task t : s.ready) {
            active.set(graph.indexOf(t.node()));
        }
        for (Task t : s.running.values()) {
            active.set(graph.indexOf(t.node()));
        }
        for (WaitingRun w : s.waiting) {
            active.set(graph.indexOf(w.task().node()));
        }
        for (String p : s.pending.keySet()) {
            active.set(graph.indexOf(p));
        }
        active.clear(except);
        return active;
    }
}
