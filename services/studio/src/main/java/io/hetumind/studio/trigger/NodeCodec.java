package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;

/** Stores a trigger node as the JSON the workflow format writes, and reads it back, so rows need no workflow. */
final class NodeCodec {
    private NodeCodec() {}

    static String write(Workflow workflow, String nodeName) {
        for (JsonNode n : WorkflowFormat.toTree(workflow).path("nodes")) {
            if (nodeName.equals(n.path("name").asText())) {
                return Json.write(n);
            }
        }
        throw new IllegalArgumentException("no node '" + nodeName + "'");
    }

    static Node read(String json) {
        ObjectNode doc = Json.object();
        doc.putArray("nodes").add(Json.parse(json));
        doc.putObject("connections");
        Workflow wf = WorkflowFormat.readJson(Json.write(doc));
        return wf.nodes().getFirst();
    }
}
