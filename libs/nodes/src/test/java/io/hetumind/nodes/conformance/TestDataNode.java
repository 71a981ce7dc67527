package io.hetumind.nodes.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;

/** n8n's test-only {@code testData} node: outputs its {@code data} parameter as items (test scope). */
public final class TestDataNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("n8n-nodes-testing.testData")
            .versions(1)
            .displayName("Test Data")
            .description("Outputs the 'data' parameter: an object as one item, an array as one item per element")
            .property(PropertySpec.json("data").displayName("Data").defaultValue("[]"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        JsonNode data = ctx.param("data", 0, JsonNode.class);
        if (data != null && data.isTextual()) {
            data = io.hetumind.core.spi.Json.parse(data.textValue());
        }
        List<Item> out = new ArrayList<>();
        if (data != null && data.isArray()) {
            for (JsonNode e : data) {
                out.add(Item.of(object(e)));
            }
        } else if (data != null && !data.isNull()) {
            out.add(Item.of(object(data)));
        }
        return NodeResult.of(out);
    }

    private static ObjectNode object(JsonNode e) {
        if (!e.isObject()) {
            throw NodeException.user("parameter 'data': every element must be an object, got " + e.getNodeType());
        }
        return ((ObjectNode) e).deepCopy();
    }
}
