package io.hetumind.core.validate;

import io.hetumind.core.model.ConnectionTarget;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.SubPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-node rules (n8n's AI model): an {@code ai_*} connection goes from a node that can
 * supply that type to a root that accepts it; a sub-node is not also wired by {@code main}; a
 * root has every required sub-node and no more than each input takes; sub-node chains have no cycle.
 */
final class SubNodeCheck {

    private SubNodeCheck() {}

    /** One source's connections of sub-node type {@code type}. */
    static void checkSupply(
            Workflow wf,
            Map<String, Integer> byName,
            Map<String, NodeType> types,
            String src,
            String type,
            List<List<ConnectionTarget>> outputs,
            String base,
            List<Problem> out) {
        NodeType srcType = types.get(src);
        if (srcType != null && !srcType.descriptor().canSupply(type)) {
            out.add(Problem.error(
                    "bad-connection",
                    src,
                    base,
                    "'" + src + "' (" + srcType.descriptor().displayName() + ") cannot be attached as " + type
                            + (srcType.descriptor().supplies().isEmpty()
                                    ? "; it is not a sub-node"
                                    : "; it supplies " + srcType.descriptor().supplies())));
        }
        for (int o = 0; o < outputs.size(); o++) {
            for (int t = 0; t < outputs.get(o).size(); t++) {
                ConnectionTarget target = outputs.get(o).get(t);
                String path = base + "[" + o + "][" + t + "]";
                Integer idx = byName.get(target.node());
                if (idx == null) {
                    out.add(Problem.error(
                            "dangling-connection", src, path, "connection to unknown node '" + target.node() + "'"));
                    continue;
                }
                if (!type.equals(target.type())) {
                    out.add(Problem.error(
                            "bad-connection",
                            src,
                            path,
                            "a " + type + " connection must target a " + type + " input, not '" + target.type() + "'"));
                }
                NodeType tt = types.get(target.node());
                if (tt == null) {
                    continue;
                }
                Node root = wf.nodes().get(idx);
                boolean accepts = tt.descriptor().subInputs(root).stream()
                        .anyMatch(p -> p.type().equals(type));
                if (!accepts) {
                    out.add(Problem.error(
                            "bad-connection",
                            src,
                            path,
                            "'" + target.node() + "' has no " + type + " input"
                                    + (tt.descriptor().subInputs().stream()
                                                    .anyMatch(p -> p.type().equals(type))
                                            ? " with its current parameters"
                                            : "")));
                }
            }
        }
    }

    /** Whole-workflow rules: main wiring of sub-nodes, required and maximum sub-nodes, cycles. */
    static void check(Workflow wf, Map<String, Integer> byName, Map<String, NodeType> types, List<Problem> out) {
        Map<String, Map<String, List<String>>> attached = new HashMap<>(); // root → type → sub-nodes
        Set<String> subNodes = new HashSet<>();
        Set<String> mainTargets = new HashSet<>();
        Map<String, List<String>> supplyEdges = new LinkedHashMap<>();
        wf.connections()
                .bySource()
                .forEach((src, byType) -> byType.forEach((type, outputs) -> {
                    for (List<ConnectionTarget> targets : outputs) {
                        for (ConnectionTarget t : targets) {
                            if (!byName.containsKey(t.node()) || !byName.containsKey(src)) {
                                continue;
                            }
                            if (ConnectionTypes.isSub(type)) {
                                subNodes.add(src);
                                attached.computeIfAbsent(t.node(), k -> new HashMap<>())
                                        .computeIfAbsent(type, k -> new ArrayList<>())
                                        .add(src);
                                supplyEdges
                                        .computeIfAbsent(src, k -> new ArrayList<>())
                                        .add(t.node());
                            } else if (ConnectionTarget.MAIN.equals(type)) {
                                mainTargets.add(t.node());
                            }
                        }
                    }
                }));
        for (String sub : subNodes) {
            boolean mainOut = !wf.connections().main(sub).stream().allMatch(List::isEmpty);
            if (mainOut || mainTargets.contains(sub)) {
                out.add(Problem.error(
                        "sub-node-wired",
                        sub,
                        "$.connections['" + sub + "']",
                        "'" + sub + "' is attached to a root node as a sub-node, so it cannot also be connected by"
                                + " main: a sub-node never runs on its own"));
            }
        }
        for (int i = 0; i < wf.nodes().size(); i++) {
            Node n = wf.nodes().get(i);
            NodeType t = types.get(n.name());
            if (t == null || n.disabled()) {
                continue;
            }
            Map<String, List<String>> mine = attached.getOrDefault(n.name(), Map.of());
            for (SubPort p : t.descriptor().subInputs(n)) {
                List<String> subs = mine.getOrDefault(p.type(), List.of()).stream()
                        .filter(s -> !wf.node(s).map(Node::disabled).orElse(true))
                        .toList();
                // an unattached sub-node never runs, so it needs no sub-nodes of its own
                boolean inUse = isRoot(t, n) || subNodes.contains(n.name());
                if (p.required() && subs.isEmpty() && inUse) {
                    out.add(Problem.error(
                            "missing-sub-node",
                            n.name(),
                            "$.nodes[" + i + "]",
                            "'" + n.name() + "' needs a " + p.displayName() + " connected to its " + p.type()
                                    + " input"));
                }
                if (p.max() > 0 && subs.size() > p.max()) {
                    out.add(Problem.error(
                            "too-many-sub-nodes",
                            n.name(),
                            "$.nodes[" + i + "]",
                            "'" + n.name() + "' takes at most " + p.max() + " " + p.displayName() + " on " + p.type()
                                    + ", but " + subs + " are attached"));
                }
            }
            if (!t.descriptor().supplies().isEmpty() && !isRoot(t, n) && !subNodes.contains(n.name())) {
                out.add(new Problem(
                        Problem.Severity.WARNING,
                        "unattached-sub-node",
                        n.name(),
                        "$.nodes[" + i + "]",
                        "'" + n.name() + "' is a sub-node attached to no root node: it never runs"));
            }
        }
        cycles(supplyEdges, out);
    }

    /** A node that runs as a regular node with its parameters (it has main ports), e.g. a vector store in insert mode. */
    private static boolean isRoot(NodeType t, Node n) {
        return !t.inputs(n).isEmpty() || !t.outputs(n).isEmpty();
    }

    private static void cycles(Map<String, List<String>> edges, List<Problem> out) {
        Set<String> done = new HashSet<>();
        for (String start : edges.keySet()) {
            walk(start, edges, new ArrayList<>(), done, out);
        }
    }

    private static void walk(
            String node, Map<String, List<String>> edges, List<String> path, Set<String> done, List<Problem> out) {
        if (path.contains(node)) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            loop.add(node);
            out.add(Problem.error(
                    "sub-node-cycle",
                    node,
                    "$.connections",
                    "sub-nodes supply each other in a cycle: " + String.join(" → ", loop)));
            return;
        }
        if (!done.add(node)) {
            return;
        }
        path.add(node);
        for (String next : edges.getOrDefault(node, List.of())) {
            walk(next, edges, path, done, out);
        }
        path.removeLast();
    }
}
