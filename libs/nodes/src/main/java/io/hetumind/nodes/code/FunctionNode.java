package io.hetumind.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.expr.CodeBinding;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Function (legacy n8n function v1): JavaScript over {@code items}, returning the items to output. */
public final class FunctionNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.function")
            .versions(1)
            .displayName("Function (legacy)")
            .description("Run JavaScript once over all items (array 'items'); superseded by Code")
            .group(NodeGroup.CODE)
            .icon("code")
            .alias("n8n-nodes-base.function")
            .property(PropertySpec.code("functionCode")
                    .editor("javascript")
                    .rows(10)
                    .displayName("JavaScript Code")
                    .description("Code over 'items' ([{json}]); return the items to output")
                    // what n8n's default code does (an n8n export leaves the default out): adds myNewField = 1, logs
                    // "Done!"
                    .defaultValue("// Runs once for all input items.\n"
                            + "// Add a field called 'myNewField' to the JSON of each item\n"
                            + "for (item of items) {\n"
                            + "  item.json.myNewField = 1;\n"
                            + "}\n"
                            + "console.log('Done!');\n"
                            + "return items;")
                    .noExpression())
            .property(PropertySpec.number("timeout")
                    .displayName("Timeout (seconds)")
                    .description("Stop the code after this many seconds (Hetumind option)")
                    .defaultValue(JsRunner.DEFAULT_TIMEOUT_SECONDS))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.CODE, "Function");
        JsRunner js = JsRunner.open(ctx, "functionCode", JsRunner.timeout(ctx), true);
        try {
            return NodeResult.of(CodeNode.paired(
                    validate(js.run(0, Set.of(CodeBinding.ITEMS))), ctx.items().size()));
        } catch (NodeException e) {
            if (!ctx.continueOnFail()) {
                throw e;
            }
            return NodeResult.withErrors(List.of(List.of()), List.of(CodeNode.errorItem(e, -1)));
        }
    }

    /** The Function node's own checks and messages, after n8n's normalisation. */
    private static List<Item> validate(JsonNode result) {
        if (result.isMissingNode() || result.isNull()) {
            throw NodeException.user("No data got returned. Always return an Array of items!");
        }
        if (!result.isContainerNode()) {
            throw NodeException.user("Always an Array of items has to be returned!");
        }
        List<Item> items = new ArrayList<>();
        List<JsonNode> normalized = ItemValidation.normalize(result);
        for (int i = 0; i < normalized.size(); i++) {
            JsonNode item = normalized.get(i);
            if (!item.has("json")) {
                throw NodeException.user("All returned items have to contain a property named \"json\"!", i);
            }
            if (!item.get("json").isObject()) {
                throw NodeException.user("The json-property has to be an object!", i);
            }
            JsonNode binary = item.get("binary");
            if (binary != null && !binary.isNull() && !binary.isObject()) {
                throw NodeException.user("The binary-property has to be an object!", i);
            }
            items.add(ItemValidation.allItems(io.hetumind.core.spi.Json.array().add(item))
                    .getFirst());
        }
        return items;
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.CODE);
    }
}
