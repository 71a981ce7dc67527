package io.hetumind.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTarget;
import io.hetumind.core.model.Connections;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.RetryPolicy;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a parsed tree onto the model, accepting Hetumind's and n8n's spellings of fields. */
final class WorkflowReader {

    private WorkflowReader() {}

    static Workflow read(JsonNode root) {
        if (!root.isObject()) {
            throw new WorkflowFormatException("$: a workflow must be an object, got " + root.getNodeType());
        }
        JsonNode nodesNode = root.path("nodes");
        if (!nodesNode.isMissingNode() && !nodesNode.isArray()) {
            throw new WorkflowFormatException("$.nodes: must be a list, got " + nodesNode.getNodeType());
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodesNode.size(); i++) {
            nodes.add(readNode(nodesNode.get(i), "$.nodes[" + i + "]"));
        }
        return new Workflow(
                textOrNull(root.get("id")),
                root.path("name").asText(""),
                root.path("version").asInt(1),
                nodes,
                readConnections(root.path("connections")),
                readSettings(root.path("settings")),
                readPinData(root.path("pinData")));
    }

    private static Node readNode(JsonNode n, String path) {
        if (!n.isObject()) {
            throw new WorkflowFormatException(path + ": a node must be an object");
        }
        JsonNode name = n.get("name");
        if (name != null && (name.isBoolean() || name.isNumber())) {
            throw new WorkflowFormatException(path + ".name: must be text, got " + name
                    + " (in YAML quote names like yes, no, on, off or numbers)");
        }
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new WorkflowFormatException(path + ".name: every node needs a non-empty name");
        }
        JsonNode params = n.path("parameters");
        if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
            throw new WorkflowFormatException(path + ".parameters: must be an object");
        }
        String onErrorText = textOrNull(n.get("onError"));
        OnError onError = OnError.parse(onErrorText);
        if (onError == null) {
            throw new WorkflowFormatException(
                    path + ".onError: unknown value '" + onErrorText + "' (stop, continue or errorOutput)");
        }
        if (onErrorText == null && n.path("continueOnFail").asBoolean(false)) {
            onError = OnError.CONTINUE;
        }
        return new Node(
                textOrNull(n.get("id")),
                name.asText(),
                n.path("type").asText(""),
                n.path("typeVersion").asDouble(1),
                readPosition(n.get("position")),
                params.isObject() ? (ObjectNode) params : null,
                readCredentials(n.path("credentials")),
                readRetry(n, path),
                onError,
                n.path("disabled").asBoolean(false),
                n.path("alwaysOutputData").asBoolean(false),
                n.path("executeOnce").asBoolean(false),
                textOrNull(n.get("notes")));
    }

    private static RetryPolicy readRetry(JsonNode n, String path) {
        try {
            JsonNode r = n.get("retry");
            if (r != null && r.isObject()) {
                return new RetryPolicy(
                        r.path("maxTries").asInt(1),
                        r.path("waitMs").asLong(0),
                        r.path("backoff").asDouble(1.0),
                        r.path("maxWaitMs").asLong(0));
            }
            if (n.path("retryOnFail").asBoolean(false)) {
                // n8n: maxTries defaults to 3 and waitBetweenTries to 1000 ms, no backoff.
                return new RetryPolicy(
                        n.path("maxTries").asInt(3), n.path("waitBetweenTries").asLong(1000), 1.0, 0);
            }
            return RetryPolicy.NONE;
        } catch (IllegalArgumentException e) {
            throw new WorkflowFormatException(path + "." + e.getMessage(), e);
        }
    }

    private static double[] readPosition(JsonNode p) {
        if (p == null || !p.isArray() || p.size() < 2) {
            return null;
        }
        return new double[] {p.get(0).asDouble(), p.get(1).asDouble()};
    }

    private static Map<String, CredentialRef> readCredentials(JsonNode c) {
        if (!c.isObject()) {
            return Map.of();
        }
        Map<String, CredentialRef> out = new LinkedHashMap<>();
        for (var e : c.properties()) {
            JsonNode v = e.getValue();
            out.put(
                    e.getKey(),
                    v.isTextual()
                            ? new CredentialRef(v.asText(), v.asText())
                            : new CredentialRef(textOrNull(v.get("id")), textOrNull(v.get("name"))));
        }
        return out;
    }

    private static Connections readConnections(JsonNode c) {
        if (c.isMissingNode() || c.isNull()) {
            return Connections.EMPTY;
        }
        if (!c.isObject()) {
            throw new WorkflowFormatException("$.connections: must be an object keyed by source node name");
        }
        Map<String, Map<String, List<List<ConnectionTarget>>>> bySource = new LinkedHashMap<>();
        for (var src : c.properties()) {
            String base = "$.connections['" + src.getKey() + "']";
            if (!src.getValue().isObject()) {
                throw new WorkflowFormatException(base + ": must be an object keyed by connection type");
            }
            Map<String, List<List<ConnectionTarget>>> byType = new LinkedHashMap<>();
            for (var type : src.getValue().properties()) {
                byType.put(type.getKey(), readOutputs(type.getValue(), base + "." + type.getKey()));
            }
            bySource.put(src.getKey(), byType);
        }
        return new Connections(bySource);
    }

    private static List<List<ConnectionTarget>> readOutputs(JsonNode outputs, String path) {
        if (!outputs.isArray()) {
            throw new WorkflowFormatException(path + ": must be a list (one entry per output)");
        }
        List<List<ConnectionTarget>> result = new ArrayList<>();
        for (int o = 0; o < outputs.size(); o++) {
            JsonNode targets = outputs.get(o);
            List<ConnectionTarget> list = new ArrayList<>();
            if (targets != null && targets.isArray()) {
                for (int t = 0; t < targets.size(); t++) {
                    JsonNode tn = targets.get(t);
                    String tp = path + "[" + o + "][" + t + "]";
                    if (!tn.isObject() || !tn.path("node").isTextual()) {
                        throw new WorkflowFormatException(tp + ": a connection needs a target 'node' name");
                    }
                    list.add(new ConnectionTarget(
                            tn.get("node").asText(),
                            tn.path("type").asText(ConnectionTarget.MAIN),
                            tn.path("index").asInt(0)));
                }
            } else if (targets != null && !targets.isNull()) {
                throw new WorkflowFormatException(path + "[" + o + "]: must be a list of targets");
            }
            result.add(list);
        }
        return result;
    }

    private static WorkflowSettings readSettings(JsonNode s) {
        if (!s.isObject()) {
            return WorkflowSettings.DEFAULT;
        }
        long timeoutMs = s.path("timeoutMs").asLong(0);
        JsonNode n8nTimeout = s.get("executionTimeout");
        if (timeoutMs == 0 && n8nTimeout != null && n8nTimeout.isNumber()) {
            long seconds = n8nTimeout.asLong();
            // n8n: seconds, -1 for none (which also overrides the host's default)
            timeoutMs = seconds > 0 ? seconds * 1000 : seconds == -1 ? -1 : seconds;
        }
        return new WorkflowSettings(
                timeoutMs,
                textOrNull(s.get("errorWorkflow")),
                textOrNull(s.get("timezone")),
                s.path("concurrency").asInt(0),
                // n8n exports without an explicit order are v0 (legacy); Hetumind's default is v1.
                textOrNull(s.get("executionOrder")),
                saveMode(s.get("saveDataSuccessExecution"), "saveDataSuccessExecution"),
                saveMode(s.get("saveDataErrorExecution"), "saveDataErrorExecution"),
                flagOrDefault(s.get("saveManualExecutions"), "saveManualExecutions"),
                flagOrDefault(s.get("saveExecutionProgress"), "saveExecutionProgress"));
    }

    /** n8n's {@code 'all' | 'none' | 'DEFAULT'}; DEFAULT and absent are null (the host's default). */
    private static String saveMode(JsonNode n, String name) {
        if (n == null || n.isNull() || (n.isTextual() && "DEFAULT".equals(n.asText()))) {
            return null;
        }
        if (n.isTextual() && ("all".equals(n.asText()) || "none".equals(n.asText()))) {
            return n.asText();
        }
        throw new WorkflowFormatException("$.settings." + name + ": must be 'all', 'none' or 'DEFAULT', not " + n);
    }

    /** n8n's {@code boolean | 'DEFAULT'}; DEFAULT and absent are null (the host's default). */
    private static Boolean flagOrDefault(JsonNode n, String name) {
        if (n == null || n.isNull() || (n.isTextual() && "DEFAULT".equals(n.asText()))) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        throw new WorkflowFormatException("$.settings." + name + ": must be true, false or 'DEFAULT', not " + n);
    }

    private static Map<String, List<Item>> readPinData(JsonNode p) {
        if (!p.isObject()) {
            return Map.of();
        }
        Map<String, List<Item>> out = new LinkedHashMap<>();
        for (var e : p.properties()) {
            out.put(e.getKey(), ItemCodec.readAll(e.getValue(), "$.pinData['" + e.getKey() + "']"));
        }
        return out;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
