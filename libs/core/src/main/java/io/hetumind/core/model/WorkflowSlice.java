package io.hetumind.core.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a workflow a run "up to a node" needs: the destination and every node it can be reached from, through
 * connections of any type (so a root node keeps the sub-nodes attached to it). Connections to the nodes left out are
 * dropped but every output keeps its position, so an If whose false branch goes elsewhere still has two outputs; pinned
 * data of the nodes left out goes with them. Nothing downstream of the destination, and no branch that cannot lead to
 * it, runs.
 */
public final class WorkflowSlice {
    private WorkflowSlice() {}

    /**
     * The slice of {@code wf} that ends at {@code destination}.
     *
     * @throws IllegalArgumentException when the workflow has no such node
     */
    public static Workflow upTo(Workflow wf, String destination) {
        if (wf.node(destination).isEmpty()) {
            throw new IllegalArgumentException("the workflow has no node '" + destination + "'");
        }
        Set<String> kept = ancestors(wf.connections(), destination);
        List<Node> nodes = new ArrayList<>();
        for (Node n : wf.nodes()) {
            if (kept.contains(n.name())) {
                nodes.add(n);
            }
        }
        Map<String, Map<String, List<List<ConnectionTarget>>>> bySource = new LinkedHashMap<>();
        wf.connections().bySource().forEach((source, byType) -> {
            if (!kept.contains(source) || source.equals(destination)) {
                return; // the destination's own outputs lead nowhere in the slice
            }
            Map<String, List<List<ConnectionTarget>>> types = new LinkedHashMap<>();
            byType.forEach((type, outputs) -> {
                List<List<ConnectionTarget>> outs = new ArrayList<>(outputs.size());
                for (List<ConnectionTarget> targets : outputs) {
                    outs.add(targets.stream()
                            .filter(t -> kept.contains(t.node()))
                            .toList());
                }
                types.put(type, outs);
            });
            bySource.put(source, types);
        });
        Map<String, List<Item>> pinData = new LinkedHashMap<>();
        wf.pinData().forEach((node, items) -> {
            if (kept.contains(node)) {
                pinData.put(node, items);
            }
        });
        return new Workflow(wf.id(), wf.name(), wf.version(), nodes, new Connections(bySource), wf.settings(), pinData);
    }

    /** Whether a run that starts at {@code start} can reach {@code destination} in {@code wf}. */
    public static boolean reaches(Workflow wf, String start, String destination) {
        return ancestors(wf.connections(), destination).contains(start);
    }

    /** {@code node} and every node with a path to it. */
    private static Set<String> ancestors(Connections connections, String node) {
        Map<String, List<String>> sourcesOf = new HashMap<>();
        connections.bySource().forEach((source, byType) -> byType.values()
                .forEach(outputs -> outputs.forEach(targets -> targets.forEach(t -> sourcesOf
                        .computeIfAbsent(t.node(), k -> new ArrayList<>())
                        .add(source)))));
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(node));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (seen.add(n)) {
                todo.addAll(sourcesOf.getOrDefault(n, List.of()));
            }
        }
        return seen;
    }
}
