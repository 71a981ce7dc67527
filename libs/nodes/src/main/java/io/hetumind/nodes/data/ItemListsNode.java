package io.hetumind.nodes.data;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.data.summarize.SummarizeNode;
import java.util.LinkedHashMap;
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
        NodeType type = OPERATIONS.get(key);
        if (type == null) {
            throw NodeException.user("The operation \"" + operation + "\" is not known!", 0);
        }
        // v3.1 compares duplicates type-strictly, as Remove Duplicates v1.1 does
        double innerVersion = key.equals("removeDuplicates") && version >= 3.1 ? 1.1 : 1;
        ItemListsContext inner = new ItemListsContext(ctx, type.descriptor(), innerVersion);
        ItemListsChecks.check(key, version, inner);
        return type.execute(inner);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
