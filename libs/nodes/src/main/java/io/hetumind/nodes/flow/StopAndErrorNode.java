package io.hetumind.nodes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;

/** Stop and Error: fails the execution with a message or error object (starts the error workflow). */
public final class StopAndErrorNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.stopAndError")
            .versions(1)
            .displayName("Stop and Error")
            .description("Throws an error in the workflow")
            .group(NodeGroup.FLOW)
            .icon("exclamation-triangle")
            .alias("n8n-nodes-base.stopAndError")
            .outputs()
            .property(PropertySpec.options("errorType")
                    .displayName("Error Type")
                    .option("errorMessage", "Error Message")
                    .option("errorObject", "Error Object")
                    .defaultValue("errorMessage"))
            .property(PropertySpec.string("errorMessage")
                    .displayName("Error Message")
                    .showWhen("errorType", "errorMessage"))
            // n8n 2.8's default is empty (an export that leaves it out throws nothing useful there either); the
            // sample is only shown
            .property(PropertySpec.json("errorObject")
                    .displayName("Error Object")
                    .defaultValue("")
                    .placeholder("{\n  \"code\": \"404\",\n  \"description\": \"The resource could not be fetched\"\n}")
                    .showWhen("errorType", "errorObject"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        if ("errorObject".equals(ctx.param("errorType", 0, String.class, "errorMessage"))) {
            JsonNode raw = ctx.paramTree("errorObject", 0);
            JsonNode obj = raw == null || (raw.isTextual() && raw.asText().isBlank())
                    ? null
                    : ctx.param("errorObject", 0, com.fasterxml.jackson.databind.node.ObjectNode.class);
            String message = obj == null
                    ? "Error object is empty"
                    : obj.path("message")
                            .asText(obj.path("description")
                                    .asText(obj.path("error").asText("")));
            if (message.isEmpty()) {
                message = Json.write(obj);
            }
            throw new NodeException(ErrorKind.USER, message, -1, obj == null ? null : Json.write(obj), null);
        }
        throw NodeException.user(ctx.param("errorMessage", 0, String.class, ""));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
