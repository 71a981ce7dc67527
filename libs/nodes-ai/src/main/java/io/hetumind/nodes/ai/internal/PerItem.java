package io.hetumind.nodes.ai.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import java.util.ArrayList;
import java.util.List;

/** Runs a root node once per input item; with continue-on-fail a failing item becomes an error item. */
public final class PerItem {

    /** The work for one item. */
    @FunctionalInterface
    public interface Work {
        ObjectNode apply(int item) throws Exception;
    }

    private PerItem() {}

    public static NodeResult run(NodeContext ctx, Work work) {
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size(); i++) {
            try {
                out.add(paired(Item.of(work.apply(i)), i));
            } catch (Exception e) {
                NodeException ne = e instanceof NodeException n ? n : NodeException.operational(e.getMessage(), e);
                if (!ctx.continueOnFail()) {
                    throw ne.itemIndex() < 0
                            ? new NodeException(ne.kind(), ne.getMessage(), i, ne.description(), ne)
                            : ne;
                }
                errors.add(paired(Item.of(Json.object().put("error", ne.getMessage())), i));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    public static Item paired(Item item, int index) {
        return item.withPairedItem(index);
    }
}
