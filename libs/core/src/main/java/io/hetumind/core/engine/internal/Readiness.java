package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WaitingRun;
import io.hetumind.core.engine.WorkflowGraph;
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
    List<Task> release(MachineState s) {
        if (s.pending.isEmpty()) {
            return List.of();
        }
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
     * n8n's legacy forced input execution (WorkflowExecute.addNodeToBeExecuted, v0 order): for each empty
     * input of {@code node}, a source that never ran and is not active is traced up its never-run ancestors the
     * way n8n does (the source, then its ancestors from the nearest back, stopping at one that ran; an active
     * one cancels it), so the never-run node just below a node that ran is the one forced. The node found runs with one empty item when nothing feeds its first input: it has no
     * incoming connection, or every source of that input ran with nothing (or never ran).
     */
    private List<Integer> unranRoots(MachineState s, int node, List<Deque<SourceRef>> inputs) {
        BitSet active = activeNodes(s, node);
        List<Integer> forced = new ArrayList<>();
        for (int in = 0; in < inputs.size(); in++) {
            if (!inputs.get(in).isEmpty()) {
                continue;
            }
            for (WorkflowGraph.Edge e : graph.sources(node, in)) {
                int src = e.node();
                if (active.get(src) || ran(s, src)) {
                    continue;
                }
                // the source, then its ancestors from the nearest back (n8n reverses getParentNodes + source)
                List<Integer> chain = parentsFarthestFirst(src, List.of());
                chain.add(src);
                java.util.Collections.reverse(chain);
                Integer add = null;
                for (int n : chain) {
                    if (active.get(n)) {
                        add = null;
                        break;
                    }
                    if (ran(s, n)) {
                        break;
                    }
                    add = n;
                }
                if (add == null
                        || forced.contains(add)
                        || graph.type(add).descriptor().trigger()
                        || graph.node(add).disabled()
                        || !firstInputEmpty(s, add)) {
                    continue;
                }
                forced.add(add);
            }
        }
        return forced;
    }

    private static boolean ran(MachineState s, String name) {
        return !s.runs(name).isEmpty();
    }

    private boolean ran(MachineState s, int n) {
        return ran(s, graph.node(n).name());
    }

    /**
     * n8n-workflow's {@code getParentNodes} (getConnectedNodes over incoming connections): every ancestor once,
     * the farthest first — each source goes in front, then its own ancestors in front of it, an ancestor met again
     * moving to the front. {@code checked} holds the nodes on the path, so a loop ends.
     */
    private List<Integer> parentsFarthestFirst(int n, List<Integer> checked) {
        List<Integer> out = new ArrayList<>();
        if (checked.contains(n)) {
            return out;
        }
        List<Integer> path = new ArrayList<>(checked);
        path.add(n);
        for (int in = 0; in < graph.inputCount(n); in++) {
            for (WorkflowGraph.Edge e : graph.sources(n, in)) {
                int p = e.node();
                if (path.contains(p)) {
                    continue;
                }
                out.addFirst(p);
                List<Integer> up = parentsFarthestFirst(p, path);
                for (int i = up.size() - 1; i >= 0; i--) {
                    out.remove(up.get(i));
                    out.addFirst(up.get(i));
                }
            }
        }
        return out;
    }

    /** No source feeds input 0 of {@code n} any item: none exists, or each never ran or gave nothing there. */
    private boolean firstInputEmpty(MachineState s, int n) {
        for (WorkflowGraph.Edge e : graph.sources(n, 0)) {
            List<NodeRun> runs = s.runs(graph.node(e.node()).name());
            if (!runs.isEmpty()) {
                List<io.hetumind.core.model.Item> out = runs.getLast().output(e.port());
                if (out != null && !out.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean isReady(MachineState s, int node, List<Deque<SourceRef>> inputs) {
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
    private BitSet activeNodes(MachineState s, int except) {
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
