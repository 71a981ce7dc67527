package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.data.summarize.SummarizeNode;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Item Lists (n8n's legacy all-in-one list node): each operation runs the standalone data node. */
public final class ItemListsNode implements NodeType {

    private static final Map<String, NodeType> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("aggregateItems", new AggregateNode());
        OPERATIONS.put("limit", new LimitNode());
        OPERATIONS.put("removeDuplicates", new RemoveDuplicatesNode());
        OPERATIONS.put("sort", new SortNode());
        OPERATIONS.put("splitOutItems", new SplitOutNode());
        OPERATIONS.put("summarize", new SummarizeNode());
    }

    private static final NodeDescriptor DESCRIPTOR;

    static {
        Map<String, NodeDescriptor> inner = new LinkedHashMap<>();
        OPERATIONS.forEach((op, type) -> inner.put(op, type.descriptor()));
        DESCRIPTOR = ItemListsDescriptor.build(inner);
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws Exception {
        double version = ctx.node().typeVersion();
        String operation = ctx.param("operation", 0, String.class, "splitOutItems");
        // v3 renamed "aggregateItems" to "concatenateItems"; each name exists only in its own versions
        String concatenate = version >= 3 ? "concatenateItems" : "aggregateItems";
        String key =
                operation.equals(concatenate) ? "aggregateItems" : operation.equals("aggregateItems") ? "" : operation;
        NodeType inner = OPERATIONS.get(key);
        if (inner == null) {
            throw NodeException.user("The operation \"" + operation + "\" is not known!", 0);
        }
        // v3.1 compares duplicates type-strictly, as Remove Duplicates v1.1 does
        double innerVersion = key.equals("removeDuplicates") && version >= 3.1 ? 1.1 : 1;
        if (key.equals("splitOutItems") && version < 2.2) {
            checkSplitField(ctx);
        }
        return inner.execute(new ItemListsContext(ctx, inner.descriptor(), innerVersion));
    }

    /** Before v2.2 the field to split out must exist and hold an array or object. */
    private static void checkSplitField(NodeContext ctx) {
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size(); i++) {
            String field = ctx.param("fieldToSplitOut", i, String.class, "");
            boolean dot = !ctx.param("options.disableDotNotation", 0, Boolean.class, false);
            JsonNode value = JsonPaths.get(items.get(i).json(), field, dot);
            if (value == null) {
                throw NodeException.user("Couldn't find the field '" + field + "' in the input data", i);
            }
            if (!value.isContainerNode()) {
                throw NodeException.user("The provided field '" + field + "' is not an array or object", i);
            }
        }
    }
}
