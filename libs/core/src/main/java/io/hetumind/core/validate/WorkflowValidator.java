package io.hetumind.core.validate;

import io.hetumind.core.model.ConnectionTarget;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a workflow before any run and reports every problem at once: duplicate names,
 * unknown types and versions, dangling or mistyped connections, missing or mistyped
 * parameters, cycles not through a loop node, and a missing trigger.
 */
public final class WorkflowValidator {

    private final NodeRegistry registry;

    public WorkflowValidator(NodeRegistry registry) {
        this.registry = registry;
    }

    public ValidationReport validate(Workflow wf) {
        List<Problem> out = new ArrayList<>();
        Map<String, Integer> byName = new LinkedHashMap<>();
        Map<String, NodeType> types = new HashMap<>();
        for (int i = 0; i < wf.nodes().size(); i++) {
            Node n = wf.nodes().get(i);
            String path = "$.nodes[" + i + "]";
            if (byName.putIfAbsent(n.name(), i) != null) {
                out.add(Problem.error(
                        "duplicate-name",
                        n.name(),
                        path + ".name",
                        "node name '" + n.name() + "' is used more than once"));
            }
            var type = registry.find(n.type());
            if (n.type().isBlank()) {
                out.add(Problem.error("missing-type", n.name(), path + ".type", "node has no type"));
            } else if (type.isEmpty()) {
                out.add(Problem.error(
                        "unknown-type", n.name(), path + ".type", "unknown node type '" + n.type() + "'"));
            } else {
                types.put(n.name(), type.get());
                var d = type.get().descriptor();
                if (!d.supports(n.typeVersion())) {
                    out.add(Problem.error(
                            "unsupported-version",
                            n.name(),
                            path + ".typeVersion",
                            "'" + n.type() + "' has no version " + fmt(n.typeVersion()) + " (supported: "
                                    + d.versions().stream()
                                            .map(WorkflowValidator::fmt)
                                            .toList() + ")"));
                }
                ParameterCheck.check(n, path, d.properties(), n.parameters(), "", out);
                for (String message : type.get().unsupported(n)) {
                    out.add(Problem.error("unsupported-parameter", n.name(), path + ".parameters", message));
                }
            }
        }
        checkConnections(wf, byName, types, out);
        checkCycles(wf, byName, types, out);
        SubNodeCheck.check(wf, byName, types, out);
        boolean hasTrigger = types.entrySet().stream()
                .anyMatch(e -> e.getValue().descriptor().trigger()
                        && !wf.node(e.getKey()).map(Node::disabled).orElse(true));
        if (!wf.nodes().isEmpty() && !hasTrigger) {
            out.add(Problem.error("no-trigger", null, "$.nodes", "workflow has no enabled trigger node to start from"));
        }
        try {
            java.time.ZoneId.of(wf.settings().timezone());
        } catch (java.time.DateTimeException e) {
            out.add(Problem.error(
                    "bad-setting",
                    null,
                    "$.settings.timezone",
                    "unknown time zone '" + wf.settings().timezone() + "'"));
        }
        if (wf.settings().timeoutMs() < -1) {
            out.add(Problem.error(
                    "bad-setting",
                    null,
                    "$.settings.timeoutMs",
                    "a timeout is a positive number of milliseconds, or -1 for none"));
        }
        if (wf.nodes().isEmpty()) {
            out.add(Problem.error("empty", null, "$.nodes", "workflow has no nodes"));
        }
        return new ValidationReport(out);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private void checkConnections(
            Workflow wf, Map<String, Integer> byName, Map<String, NodeType> types, List<Problem> out) {
        wf.connections().bySource().forEach((src, byType) -> {
            String base = "$.connections['" + src + "']";
            if (!byName.containsKey(src)) {
                out.add(Problem.error("dangling-connection", src, base, "connection from unknown node '" + src + "'"));
                return;
            }
            byType.forEach((type, outputs) -> {
                if (ConnectionTypes.isSub(type)) {
                    SubNodeCheck.checkSupply(wf, byName, types, src, type, outputs, base + "." + type, out);
                    return;
                }
                if (!ConnectionTarget.MAIN.equals(type)) {
                    out.add(Problem.error(
                            "bad-connection",
                            src,
                            base + "." + type,
                            "connection type '" + type + "' is not supported (main or one of "
                                    + ConnectionTypes.SUB_TYPES + ")"));
                    return;
                }
                NodeType srcType = types.get(src);
                Node srcNode = wf.nodes().get(byName.get(src));
                int outCount = srcType == null
                        ? Integer.MAX_VALUE
                        : srcType.outputs(srcNode).size() + (srcNode.onError() == OnError.ERROR_OUTPUT ? 1 : 0);
                for (int o = 0; o < outputs.size(); o++) {
                    for (int t = 0; t < outputs.get(o).size(); t++) {
                        ConnectionTarget target = outputs.get(o).get(t);
                        String path = base + ".main[" + o + "][" + t + "]";
                        if (o >= outCount && !outputs.get(o).isEmpty()) {
                            out.add(Problem.error(
                                    "bad-connection",
                                    src,
                                    path,
                                    "'" + src + "' has no output " + o + " (it has " + outCount + ")"));
                        }
                        checkTarget(wf, byName, types, target, src, path, out);
                    }
                }
            });
        });
    }

    private static void checkTarget(
            Workflow wf,
            Map<String, Integer> byName,
            Map<String, NodeType> types,
            ConnectionTarget target,
            String src,
            String path,
            List<Problem> out) {
        Integer idx = byName.get(target.node());
        if (idx == null) {
            out.add(Problem.error(
                    "dangling-connection", src, path, "connection to unknown node '" + target.node() + "'"));
            return;
        }
        NodeType tt = types.get(target.node());
        if (tt == null) {
            return;
        }
        int inputs = tt.inputs(wf.nodes().get(idx)).size();
        if (tt.descriptor().trigger()) {
            out.add(Problem.error(
                    "bad-connection", src, path, "'" + target.node() + "' is a trigger and has no input"));
        } else if (target.index() < 0 || target.index() >= Math.max(1, inputs)) {
            out.add(Problem.error(
                    "bad-connection",
                    src,
                    path,
                    "'" + target.node() + "' has no input " + target.index() + " (it has " + inputs + ")"));
        }
    }

    private static void checkCycles(
            Workflow wf, Map<String, Integer> byName, Map<String, NodeType> types, List<Problem> out) {
        List<List<Integer>> adj = new ArrayList<>();
        for (int i = 0; i < wf.nodes().size(); i++) {
            adj.add(new ArrayList<>());
        }
        wf.connections().bySource().forEach((src, byType) -> {
            Integer from = byName.get(src);
            if (from == null) {
                return;
            }
            byType.getOrDefault(ConnectionTarget.MAIN, List.of())
                    .forEach(targets -> targets.forEach(t -> {
                        Integer to = byName.get(t.node());
                        if (to != null) {
                            adj.get(from).add(to);
                        }
                    }));
        });
        for (List<Integer> scc : StronglyConnected.components(adj)) {
            boolean cyclic = scc.size() > 1 || adj.get(scc.getFirst()).contains(scc.getFirst());
            if (!cyclic) {
                continue;
            }
            boolean throughLoop = scc.stream().anyMatch(i -> {
                NodeType t = types.get(wf.nodes().get(i).name());
                return t != null && t.descriptor().loop();
            });
            if (!throughLoop) {
                List<String> names =
                        scc.stream().sorted().map(i -> wf.nodes().get(i).name()).toList();
                out.add(Problem.error(
                        "cycle",
                        names.getFirst(),
                        "$.connections",
                        "cycle through " + String.join(" → ", names) + " does not pass through a loop node"));
            }
        }
    }
}
