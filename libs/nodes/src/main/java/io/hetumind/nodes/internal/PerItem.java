package io.hetumind.nodes.internal;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a node's work item by item, turning failures into error items when the node continues on failure. */
public final class PerItem {

    /** The work on one input item; returns the output items for it (possibly none). */
    @FunctionalInterface
    public interface Step {
        List<Item> apply(int index, Item item) throws Exception;
    }

    private PerItem() {}

    /** Applies {@code step} to every item of input 0 and emits the results on output 0. */
    public static NodeResult map(NodeContext ctx, Step step) {
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                out.addAll(step.apply(i, items.get(i)));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                errors.add(errorItem(e.getMessage(), i));
            } catch (Exception e) {
                NodeException wrapped =
                        new NodeException(ErrorKind.USER, e.getMessage() + " [item " + i + "]", i, null, e);
                if (!ctx.continueOnFail()) {
                    throw wrapped;
                }
                errors.add(errorItem(wrapped.getMessage(), i));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    /** An item whose JSON is {@code {error: message}}, paired with input item {@code index}. */
    public static Item errorItem(String message, int index) {
        return new Item(Json.object().put("error", message), Map.of(), new PairedItem(index, 0));
    }
}
