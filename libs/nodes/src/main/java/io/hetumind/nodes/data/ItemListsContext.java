package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ForwardingNodeContext;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.PropertySpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Item Lists' view of its run as one of the standalone data nodes sees it (their defaults, their shapes). */
final class ItemListsContext extends ForwardingNodeContext {

    /** Field lists that Item Lists v1 and v2 write as {@code {fields: [{fieldName}]}}. */
    private static final Set<String> FIELD_LISTS = Set.of("fieldsToInclude", "fieldsToExclude", "fieldsToCompare");

    /** Split Out parameters that Item Lists before v2.2 reads as a single field name. */
    private static final Set<String> SPLIT_FIELDS = Set.of("fieldToSplitOut", "options.destinationFieldName");

    private final boolean singleSplitField;
    private final Node node;
    private final Map<String, PropertySpec> specs = new HashMap<>();

    ItemListsContext(NodeContext ctx, NodeDescriptor inner, double innerVersion) {
        super(ctx);
        this.singleSplitField = ctx.node().typeVersion() < 2.2;
        this.node = ctx.node().withType(inner.type(), innerVersion);
        index("", inner.properties());
    }

    private void index(String prefix, List<PropertySpec> props) {
        for (PropertySpec p : props) {
            specs.putIfAbsent(prefix + p.name(), p);
            index(prefix + p.name() + ".", p.children());
        }
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public <T> T param(String path, int itemIndex, Class<T> type, T fallback) {
        // Item Lists declares one name per operation with different defaults; the inner node's own wins
        return delegate().rawParam(path) == null ? fallback : delegate().param(path, itemIndex, type, fallback);
    }

    @Override
    public JsonNode paramTree(String path, int itemIndex) {
        if (delegate().rawParam(path) == null) {
            PropertySpec spec = specs.get(path);
            return spec == null || spec.defaultValue().isNull() ? null : spec.defaultValue();
        }
        JsonNode tree = delegate().paramTree(path, itemIndex);
        if (singleSplitField && SPLIT_FIELDS.contains(path) && tree != null && tree.isTextual()) {
            // before v2.2 the field to split out (and its destination) is one name, commas and all
            return Json.array().add(tree.textValue().trim());
        }
        return FIELD_LISTS.contains(path) && tree != null && tree.isObject() ? fieldNames(tree) : tree;
    }

    /** {@code {fields: [{fieldName: "a"}, …]}} as {@code ["a", …]}. */
    private static ArrayNode fieldNames(JsonNode collection) {
        ArrayNode names = Json.array();
        for (JsonNode f : collection.path("fields")) {
            JsonNode name = f.path("fieldName");
            if (!name.isMissingNode() && !name.isNull()) {
                names.add(name);
            }
        }
        return names;
    }
}
