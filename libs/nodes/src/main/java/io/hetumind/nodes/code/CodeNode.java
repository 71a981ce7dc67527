package io.hetumind.nodes.code;

import io.hetumind.core.expr.CodeBinding;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
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

/** Code (n8n code v1/v2): user JavaScript once over all items or once per item, sandboxed. */
public final class CodeNode implements NodeType {

    static final String ALL = "runOnceForAllItems";
    static final String EACH = "runOnceForEachItem";

    private static final String SAMPLE =
            """
            // Loop over input items and add a new field called 'myNewField' to the JSON of each one
            for (const item of $input.all()) {
              item.json.myNewField = 1;
            }

            return $input.all();""";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.code")
            .versions(1, 2)
            .displayName("Code")
            .description("Run custom JavaScript over the input items")
            .group(NodeGroup.CODE)
            .icon("code")
            .alias("n8n-nodes-base.code")
            .property(PropertySpec.options("mode")
                    .displayName("Mode")
                    .option(ALL, "Run Once for All Items", "Run this code only once, no matter how many input items")
                    .option(EACH, "Run Once for Each Item", "Run this code as many times as there are input items")
                    .defaultValue(ALL)
                    .noExpression())
            .property(PropertySpec.options("language")
                    .displayName("Language")
                    .option("javaScript", "JavaScript")
                    .option("python", "Python (Beta)", "n8n's Pyodide API: _input, _json, _('Node') … (GraalPy)")
                    .option("pythonNative", "Python (Native)", "n8n's native runner API: _items, _item (GraalPy)")
                    .defaultValue("javaScript")
                    .noExpression())
            .property(PropertySpec.code("jsCode")
                    .showWhen("language", "javaScript")
                    .editor("javascript")
                    .rows(10)
                    .displayName("JavaScript")
                    .description("The code; $input.all() / items (all items) or $json / $input.item (each item),"
                            + " $('Node'), $now, DateTime, console.log … as in expressions")
                    .defaultValue(SAMPLE)
                    .noExpression())
            .property(PropertySpec.code("pythonCode")
                    .showWhen("language", "python", "pythonNative")
                    .editor("python")
                    .rows(10)
                    .displayName("Python")
                    .description("The code; _input.all() / _items (all items) or _json / _input.item / _item (each"
                            + " item), _('Node'), _now, print … as n8n's Python; runs on GraalPy, sandboxed")
                    .defaultValue(PythonRuns.SAMPLE)
                    .noExpression())
            .property(PropertySpec.number("timeout")
                    .displayName("Timeout (seconds)")
                    .description("Stop the code after this many seconds per run (Hetumind option)")
                    .defaultValue(JsRunner.DEFAULT_TIMEOUT_SECONDS))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.CODE, "Code");
        String language = ctx.param("language", 0, String.class, "javaScript");
        String mode = ctx.param("mode", 0, String.class, ALL);
        if (!ALL.equals(mode) && !EACH.equals(mode)) {
            throw NodeException.user(
                    "parameter 'mode': unknown mode '" + mode + "', expected '" + ALL + "' or '" + EACH + "'");
        }
        if ("python".equals(language) || "pythonNative".equals(language)) {
            return PythonRuns.run(ctx, EACH.equals(mode));
        }
        if (!"javaScript".equals(language)) {
            throw NodeException.user(
                    "parameter 'language': '" + language + "' is not supported (javaScript, python, pythonNative)");
        }
        JsRunner js = JsRunner.open(ctx, "jsCode", JsRunner.timeout(ctx), false);
        return ALL.equals(mode) ? allItems(ctx, js) : eachItem(ctx, js);
    }

    private static NodeResult allItems(NodeContext ctx, JsRunner js) {
        List<Item> out;
        try {
            out = ItemValidation.allItems(js.run(0, Set.of(CodeBinding.ITEMS)));
        } catch (NodeException e) {
            if (!ctx.continueOnFail()) {
                throw e;
            }
            return NodeResult.withErrors(List.of(List.of()), List.of(errorItem(e, -1)));
        }
        return NodeResult.of(paired(out, ctx.items().size()));
    }

    private static NodeResult eachItem(NodeContext ctx, JsRunner js) {
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        int count = ctx.items().size();
        for (int i = 0; i < count; i++) {
            try {
                var result = js.run(i, Set.of(CodeBinding.ITEM));
                if (ItemValidation.truthy(result) || result.isContainerNode()) {
                    out.add(ItemValidation.eachItem(result, i).withPairedItem(i));
                }
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                errors.add(errorItem(e, i));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    /** Output items without their own pairing descend from the input at the same position. */
    static List<Item> paired(List<Item> items, int inputCount) {
        if (items.size() != inputCount) {
            return items;
        }
        List<Item> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            out.add(item.pairedItem() == null && !item.explicitlyUnpaired() ? item.withPairedItem(i) : item);
        }
        return out;
    }

    static Item errorItem(NodeException e, int itemIndex) {
        Item item = Item.of(Json.object().put("error", e.getMessage()));
        return itemIndex >= 0 ? item.withPairedItem(itemIndex) : item;
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.CODE);
    }
}
