package io.hetumind.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Function Item (legacy n8n functionItem v1): JavaScript per item over {@code item} (its JSON). */
public final class FunctionItemNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.functionItem")
            .versions(1)
            .displayName("Function Item (legacy)")
            .description("Run JavaScript once per item over 'item' (the item's JSON); superseded by Code")
            .group(NodeGroup.CODE)
            .icon("code")
            .alias("n8n-nodes-base.functionItem")
            .property(PropertySpec.code("functionCode")
                    .editor("javascript")
                    .rows(10)
                    .displayName("JavaScript Code")
                    .description("Code over 'item' (the JSON of the current item); return the new JSON")
                    // what n8n's default code does (an n8n export leaves the default out): adds myNewField = 1, logs
                    // "Done!"
                    .defaultValue("// Runs once per input item.\n"
                            + "// Add a field called 'myNewField' to the JSON of the item\n"
                            + "item.myNewField = 1;\n"
                            + "console.log('Done!');\n"
                            + "return item;")
                    .noExpression())
            .property(PropertySpec.number("timeout")
                    .displayName("Timeout (seconds)")
                    .description("Stop the code after this many seconds per item (Hetumind option)")
                    .defaultValue(JsRunner.DEFAULT_TIMEOUT_SECONDS))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.CODE, "Function Item");
        JsRunner js = JsRunner.open(ctx, "functionCode", JsRunner.timeout(ctx), true);
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                JsonNode json = js.run(i, Set.of(CodeBinding.ITEM_JSON));
                if (json.isMissingNode()) {
                    throw NodeException.user("No data got returned. Always an object has to be returned!", i);
                }
                if (!json.isObject()) {
                    throw NodeException.user("The returned value has to be an object!", i);
                }
                out.add(new Item((ObjectNode) json, items.get(i).binary(), null).withPairedItem(i));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                errors.add(CodeNode.errorItem(e, i));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.CODE);
    }
}
