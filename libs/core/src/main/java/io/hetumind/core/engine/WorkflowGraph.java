package io.hetumind.core.engine;

import io.hetumind.core.engine.internal.ParamPaths;
import io.hetumind.core.model.ConnectionTarget;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow compiled for execution: node types resolved, connections indexed both ways,
 * port counts fixed and each node's ancestors precomputed. Immutable; build once per version.
 */
public final class WorkflowGraph {

    /** One edge: target node index and its input, or source node index and its output. */
    public record Edge(int node, int port) {}

    private final Workflow workflow;
    private final Node[] nodes;
    private final NodeType[] types;
    // indexOf's table: open addressing over the names (the hot path looks a node up by name at every hop)
    private final String[] names;
    private final int[] positions;
    private final List<List<Edge>>[] children; // node → output → targets
    private final List<List<Edge>>[] parents; // node → input → sources
    private final int[] inputCount;
    private final int[] outputCount; // regular outputs, without the error output
    private final BitSet[] ancestors;
    private final java.time.ZoneId zone;
    private final Map<String, io.hetumind.core.spi.PropertySpec>[] specs; // node → parameter path → spec
    private final List<Map<String, List<Integer>>> subSources = new ArrayList<>(); // root → type → sub-nodes
    private final BitSet subNodes = new BitSet();

    @SuppressWarnings("unchecked")
    WorkflowGraph(Workflow workflow, NodeRegistry registry) {
        this.workflow = workflow;
        this.zone = java.time.ZoneId.of(workflow.settings().timezone());
        int n = workflow.nodes().size();
        nodes = workflow.nodes().toArray(new Node[0]);
        types = new NodeType[n];
        children = new List[n];
        parents = new List[n];
        inputCount = new int[n];
        outputCount = new int[n];
        names = new String[Integer.highestOneBit(Math.max(2, n) * 3 - 1) << 1];
        positions = new int[names.length];
        for (int i = 0; i < n; i++) {
            putPosition(nodes[i].name(), i);
            String typeId = nodes[i].type();
            types[i] = registry.find(typeId)
                    .orElseThrow(() -> new IllegalArgumentException("unknown node type: " + typeId));
            inputCount[i] = types[i].inputs(nodes[i]).size();
            outputCount[i] = types[i].outputs(nodes[i]).size();
            children[i] = new ArrayList<>();
            parents[i] = new ArrayList<>();
        }
        for (int i = 0; i < n; i++) {
            List<List<ConnectionTarget>> outs = workflow.connections().main(nodes[i].name());
            for (int o = 0; o < outs.size(); o++) {
                for (ConnectionTarget t : outs.get(o)) {
                    int target = indexOf(t.node());
                    if (target < 0) {
                        continue; // the validator reports dangling connections
                    }
                    grow(children[i], o).add(new Edge(target, t.index()));
                    grow(parents[target], t.index()).add(new Edge(i, o));
                    inputCount[target] = Math.max(inputCount[target], t.index() + 1);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            subSources.add(new HashMap<>());
        }
        Map<String, Integer> subSlots = new HashMap<>();
        for (int i = 0; i < n; i++) {
            var byType = workflow.connections().bySource().getOrDefault(nodes[i].name(), Map.of());
            for (var e : byType.entrySet()) {
                if (!io.hetumind.core.model.ConnectionTypes.isSub(e.getKey())) {
                    continue;
                }
                for (List<ConnectionTarget> targets : e.getValue()) {
                    for (ConnectionTarget t : targets) {
                        int root = indexOf(t.node());
                        if (root >= 0) {
                            subNodes.set(i);
                            subSources
                                    .get(root)
                                    .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                    .add(i);
                            subSlots.put(i + "/" + root + "/" + e.getKey(), t.index());
                        }
                    }
                }
            }
        }
        // by the root's input slot (n8n: the AI Agent's fallback model is slot 1), then node order
        for (int r = 0; r < n; r++) {
            int root = r;
            subSources
                    .get(r)
                    .forEach((type, list) -> list.sort(java.util.Comparator.comparingInt(
                            i -> subSlots.getOrDefault(i + "/" + root + "/" + type, 0))));
        }
        specs = new Map[n];
        for (int i = 0; i < n; i++) {
            // per node: which of a name's declarations applies depends on its version and parameters
            specs[i] = ParamPaths.index(types[i].descriptor(), nodes[i].typeVersion(), nodes[i].parameters());
        }
        ancestors = new BitSet[n];
        for (int i = 0; i < n; i++) {
            ancestors[i] = reachBackwards(i);
        }
    }

    private static List<Edge> grow(List<List<Edge>> ports, int port) {
        while (ports.size() <= port) {
            ports.add(new ArrayList<>());
        }
        return ports.get(port);
    }

    private BitSet reachBackwards(int start) {
        BitSet seen = new BitSet(nodes.length);
        ArrayList<Integer> stack = new ArrayList<>();
        stack.add(start);
        while (!stack.isEmpty()) {
            int cur = stack.removeLast();
            for (List<Edge> in : parents[cur]) {
                for (Edge e : in) {
                    if (!seen.get(e.node())) {
                        seen.set(e.node());
                        stack.add(e.node());
                    }
                }
            }
        }
        return seen;
    }

    public Workflow workflow() {
        return workflow;
    }

    /** The workflow's time zone ({@code settings.timezone}), parsed once. */
    public java.time.ZoneId zone() {
        return zone;
    }

    public int size() {
        return nodes.length;
    }

    /** Index of the node with this name, or -1. */
    public int indexOf(String name) {
        if (name == null) {
            return -1;
        }
        int mask = names.length - 1;
        for (int slot = spread(name.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            String at = names[slot];
            if (at == null) {
                return -1;
            }
            if (at == name || at.equals(name)) {
                return positions[slot];
            }
        }
    }

    private void putPosition(String name, int i) {
        int mask = names.length - 1;
        int slot = spread(name.hashCode()) & mask;
        while (names[slot] != null && !names[slot].equals(name)) {
            slot = (slot + 1) & mask;
        }
        names[slot] = name; // a repeated name (the validator reports it) maps to its last node, as a map's put
        positions[slot] = i;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    public Node node(int i) {
        return nodes[i];
    }

    public NodeType type(int i) {
        return types[i];
    }

    /**
     * Whether the named node may run again with no effect outside the execution: disabled, or of a {@linkplain
     * NodeType#replaySafe replay-safe} type. An unknown name is not.
     */
    public boolean replaySafe(String name) {
        int i = indexOf(name);
        return i >= 0 && (nodes[i].disabled() || types[i].replaySafe(nodes[i]));
    }

    /** The property spec at a parameter path of node {@code i}, or null. */
    public io.hetumind.core.spi.PropertySpec spec(int i, String path) {
        return specs[i].get(path);
    }

    public int inputCount(int i) {
        return inputCount[i];
    }

    public int outputCount(int i) {
        return outputCount[i];
    }

    /** Targets of output {@code output} of node {@code i}. */
    public List<Edge> targets(int i, int output) {
        return output < children[i].size() ? children[i].get(output) : List.of();
    }

    /** Sources feeding input {@code input} of node {@code i}. */
    public List<Edge> sources(int i, int input) {
        return input < parents[i].size() ? parents[i].get(input) : List.of();
    }

    /**
     * n8n's {@code getNodeConnectionIndexes(node, parent)}: searching breadth-first up from {@code node} (inputs in
     * order, sources in connection order), the output of {@code parent} on the first connection found from it,
     * or -1 when {@code parent} does not feed {@code node}.
     */
    public int connectionOutput(int node, int parent) {
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(node));
        BitSet visited = new BitSet(nodes.length);
        while (!queue.isEmpty()) {
            int cur = queue.poll();
            if (visited.get(cur)) {
                continue;
            }
            visited.set(cur);
            for (List<Edge> in : parents[cur]) {
                for (Edge e : in) {
                    if (e.node() == parent) {
                        return e.port();
                    }
                    if (!visited.get(e.node())) {
                        queue.add(e.node());
                    }
                }
            }
        }
        return -1;
    }

    /** True when {@code maybeAncestor} can reach {@code node} through connections. */
    public boolean isAncestor(int maybeAncestor, int node) {
        return ancestors[node].get(maybeAncestor);
    }

    /**
     * The sub-nodes attached to node {@code root} on connection type {@code type}, by the root's input slot they are
     * connected to (the target's {@code index}), then in connection order.
     */
    public List<Integer> subNodes(int root, String type) {
        return subSources.get(root).getOrDefault(type, List.of());
    }

    /** True when node {@code i} is attached to some root by an {@code ai_*} connection: never scheduled. */
    public boolean isSubNode(int i) {
        return subNodes.get(i);
    }

    /** The trigger nodes, in workflow order. */
    public List<String> triggers() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (types[i].descriptor().trigger() && !nodes[i].disabled()) {
                out.add(nodes[i].name());
            }
        }
        return out;
    }
}
