package io.hetumind.core.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTarget;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.RetryPolicy;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.Json;

/** Writes the model in Hetumind's canonical form, omitting fields at their defaults. */
final class WorkflowWriter {

    private WorkflowWriter() {}

    static ObjectNode write(Workflow w) {
        ObjectNode root = Json.object();
        if (w.id() != null) {
            root.put("id", w.id());
        }
        root.put("name", w.name());
        root.put("version", w.version());
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : w.nodes()) {
            nodes.add(writeNode(n));
        }
        ObjectNode conns = root.putObject("connections");
        w.connections().bySource().forEach((src, byType) -> {
            ObjectNode types = conns.putObject(src);
            byType.forEach((type, outputs) -> {
                ArrayNode outs = types.putArray(type);
                for (var targets : outputs) {
                    ArrayNode list = outs.addArray();
                    for (ConnectionTarget t : targets) {
                        list.addObject()
                                .put("node", t.node())
                                .put("type", t.type())
                                .put("index", t.index());
                    }
                }
            });
        });
        WorkflowSettings s = w.settings();
        ObjectNode settings = root.putObject("settings");
        settings.put("timeoutMs", s.timeoutMs());
        settings.put("errorWorkflow", s.errorWorkflow());
        settings.put("timezone", s.timezone());
        settings.put("concurrency", s.concurrency());
        settings.put("executionOrder", s.executionOrder());
        if (s.saveDataSuccessExecution() != null) {
            settings.put("saveDataSuccessExecution", s.saveDataSuccessExecution());
        }
        if (s.saveDataErrorExecution() != null) {
            settings.put("saveDataErrorExecution", s.saveDataErrorExecution());
        }
        if (s.saveManualExecutions() != null) {
            settings.put("saveManualExecutions", s.saveManualExecutions());
        }
        if (s.saveExecutionProgress() != null) {
            settings.put("saveExecutionProgress", s.saveExecutionProgress());
        }
        if (!w.pinData().isEmpty()) {
            ObjectNode pin = root.putObject("pinData");
            w.pinData().forEach((name, items) -> pin.set(name, ItemCodec.writeAll(items)));
        }
        return root;
    }

    private static ObjectNode writeNode(Node n) {
        ObjectNode o = Json.object();
        if (n.id() != null) {
            o.put("id", n.id());
        }
        o.put("name", n.name());
        o.put("type", n.type());
        if (n.typeVersion() == Math.rint(n.typeVersion())) {
            o.put("typeVersion", (long) n.typeVersion());
        } else {
            o.put("typeVersion", n.typeVersion());
        }
        o.putArray("position").add(n.position()[0]).add(n.position()[1]);
        o.set("parameters", n.parameters());
        if (!n.credentials().isEmpty()) {
            ObjectNode creds = o.putObject("credentials");
            n.credentials()
                    .forEach((type, ref) ->
                            creds.putObject(type).put("id", ref.id()).put("name", ref.name()));
        }
        if (!n.retry().equals(RetryPolicy.NONE)) {
            RetryPolicy r = n.retry();
            o.putObject("retry")
                    .put("maxTries", r.maxTries())
                    .put("waitMs", r.waitMs())
                    .put("backoff", r.backoff())
                    .put("maxWaitMs", r.maxWaitMs());
        }
        if (n.onError() != OnError.STOP) {
            o.put("onError", n.onError().wire());
        }
        if (n.disabled()) {
            o.put("disabled", true);
        }
        if (n.alwaysOutputData()) {
            o.put("alwaysOutputData", true);
        }
        if (n.executeOnce()) {
            o.put("executeOnce", true);
        }
        if (n.notes() != null) {
            o.put("notes", n.notes());
        }
        return o;
    }
}
