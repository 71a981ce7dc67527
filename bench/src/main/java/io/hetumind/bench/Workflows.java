package io.hetumind.bench;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import java.util.ArrayList;
import java.util.List;

/** The benchmark workflows, written in the same n8n-shaped JSON users write. */
final class Workflows {

    private Workflows() {}

    static final String TRIGGER = node("Start", "hetumind.manualTrigger", 1, "{}");

    static String node(String name, String type, double version, String params) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"typeVersion\":" + version + ",\"parameters\":"
                + params + "}";
    }

    static String setParams(String field, String value) {
        return "{\"mode\":\"manual\",\"assignments\":{\"assignments\":[{\"id\":\"a\",\"name\":\"" + field
                + "\",\"value\":" + value + ",\"type\":\"number\"}]},\"options\":{}}";
    }

    static String edge(String from, int out, String to, int in) {
        return "\"" + from + "\":{\"main\":[" + "[],".repeat(out) + "[{\"node\":\"" + to
                + "\",\"type\":\"main\",\"index\":" + in + "}]]}";
    }

    /** Trigger → {@code n} nodes of {@code type} in a chain. */
    static Workflow chain(int n, String type, double version, String params) {
        List<String> nodes = new ArrayList<>(List.of(TRIGGER));
        List<String> edges = new ArrayList<>();
        String prev = "Start";
        for (int i = 0; i < n; i++) {
            String name = "N" + i;
            nodes.add(node(name, type, version, params));
            edges.add(edge(prev, 0, name, 0));
            prev = name;
        }
        return read(nodes, edges);
    }

    /** Trigger → Edit Fields (one assignment) → No Op: the short run of issue 9's executions/s target. */
    static Workflow triggerSetNoOp() {
        return read(
                List.of(
                        TRIGGER,
                        node("Set", "hetumind.set", 3.4, setParams("x", "1")),
                        node("Done", "hetumind.noOp", 1, "{}")),
                List.of(edge("Start", 0, "Set", 0), edge("Set", 0, "Done", 0)));
    }

    /** Trigger → the given nodes in that order, each fed by the previous one's first output. */
    static Workflow pipeline(List<String> nodeJson) {
        List<String> nodes = new ArrayList<>(List.of(TRIGGER));
        List<String> edges = new ArrayList<>();
        String prev = "Start";
        for (String n : nodeJson) {
            String name = io.hetumind.core.spi.Json.parse(n).get("name").asText();
            nodes.add(n);
            edges.add(edge(prev, 0, name, 0));
            prev = name;
        }
        return read(nodes, edges);
    }

    /** Trigger → 16 parallel Set branches → a binary tree of 15 Merge (append) nodes. */
    static Workflow fanOutFanIn() {
        List<String> nodes = new ArrayList<>(List.of(TRIGGER));
        List<String> edges = new ArrayList<>();
        List<String> level = new ArrayList<>();
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            String name = "B" + i;
            nodes.add(node(name, "hetumind.set", 3.4, setParams("branch", String.valueOf(i))));
            targets.append(i == 0 ? "" : ",")
                    .append("{\"node\":\"")
                    .append(name)
                    .append("\",\"type\":\"main\",\"index\":0}");
            level.add(name);
        }
        edges.add("\"Start\":{\"main\":[[" + targets + "]]}");
        int m = 0;
        while (level.size() > 1) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                String name = "M" + m++;
                nodes.add(node(name, "hetumind.merge", 3, "{\"mode\":\"append\"}"));
                edges.add(edge(level.get(i), 0, name, 0));
                edges.add(edge(level.get(i + 1), 0, name, 1));
                next.add(name);
            }
            level = next;
        }
        return read(nodes, edges);
    }

    /** Trigger → Set → If (n is even) → both branches into Merge (append). */
    static Workflow setIfMerge() {
        String ifParams =
                """
                {"conditions":{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict"},
                 "conditions":[{"id":"c","leftValue":"={{ $json.n % 2 }}","rightValue":0,
                   "operator":{"type":"number","operation":"equals"}}],"combinator":"and"},"options":{}}""";
        List<String> nodes = List.of(
                TRIGGER,
                node("Set", "hetumind.set", 3.4, setParams("doubled", "\"={{ $json.n * 2 }}\"")),
                node("If", "hetumind.if", 2, ifParams),
                node("Merge", "hetumind.merge", 3, "{\"mode\":\"append\"}"));
        List<String> edges = List.of(
                edge("Start", 0, "Set", 0),
                edge("Set", 0, "If", 0),
                "\"If\":{\"main\":[[{\"node\":\"Merge\",\"type\":\"main\",\"index\":0}],"
                        + "[{\"node\":\"Merge\",\"type\":\"main\",\"index\":1}]]}");
        return read(nodes, edges);
    }

    private static Workflow read(List<String> nodes, List<String> edges) {
        // Several edges can share a source: merge them into one connections object per source.
        StringBuilder conns = new StringBuilder();
        java.util.Map<String, List<String>> bySource = new java.util.LinkedHashMap<>();
        for (String e : edges) {
            String src = e.substring(0, e.indexOf(':'));
            bySource.computeIfAbsent(src, k -> new ArrayList<>()).add(e.substring(e.indexOf(':') + 1));
        }
        bySource.forEach((src, parts) -> {
            conns.append(conns.isEmpty() ? "" : ",").append(src).append(':');
            conns.append(parts.size() == 1 ? parts.getFirst() : mergeOutputs(parts));
        });
        return WorkflowFormat.readJson("{\"name\":\"bench\",\"settings\":{\"executionOrder\":\"v1\"},\"nodes\":["
                + String.join(",", nodes) + "],\"connections\":{" + conns + "}}");
    }

    private static String mergeOutputs(List<String> parts) {
        var merged = io.hetumind.core.spi.Json.object().putArray("main");
        for (String p : parts) {
            var outs = io.hetumind.core.spi.Json.parse(p).get("main");
            for (int o = 0; o < outs.size(); o++) {
                while (merged.size() <= o) {
                    merged.addArray();
                }
                ((com.fasterxml.jackson.databind.node.ArrayNode) merged.get(o))
                        .addAll((com.fasterxml.jackson.databind.node.ArrayNode) outs.get(o));
            }
        }
        return "{\"main\":" + merged + "}";
    }
}
