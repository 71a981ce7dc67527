package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the Postgres node's n8n v2 parameters for one item: table locators, conditions, sort, column values. */
final class PgParams {

    private final NodeContext ctx;
    private final int i;

    PgParams(NodeContext ctx, int i) {
        this.ctx = ctx;
        this.i = i;
    }

    int item() {
        return i;
    }

    NodeContext ctx() {
        return ctx;
    }

    /** {@code "schema"."table"} from the resource locators (or plain strings). */
    String table() {
        return Sql.table(locator("schema", "public"), locator("table", ""), i);
    }

    String schemaName() {
        return locator("schema", "public");
    }

    String tableName() {
        return locator("table", "");
    }

    private String locator(String name, String fallback) {
        JsonNode v = ctx.paramTree(name, i);
        if (v != null && v.isObject()) {
            v = v.get("value");
        }
        String s = v == null || v.isNull() ? fallback : Js.toString(v, false);
        if (s.isEmpty()) {
            throw NodeException.user("parameter '" + name + "' is empty [item " + i + "]", i);
        }
        return s;
    }

    List<Sql.Condition> where() {
        List<Sql.Condition> out = new ArrayList<>();
        for (JsonNode w : list("where", "values")) {
            String column = w.path("column").asText("");
            if (column.isEmpty()) {
                throw NodeException.user("parameter 'where': a condition has no column [item " + i + "]", i);
            }
            out.add(new Sql.Condition(
                    column, Sql.operator(w.path("condition").asText("equal"), i), PgValues.bindValue(w.get("value"))));
        }
        return out;
    }

    String combine() {
        return ctx.param("combineConditions", i, String.class, "AND");
    }

    /** {@code ORDER BY …} or empty. */
    String orderBy() {
        List<String> parts = new ArrayList<>();
        for (JsonNode s : list("sort", "values")) {
            String dir = s.path("direction").asText("ASC").equalsIgnoreCase("DESC") ? "DESC" : "ASC";
            parts.add(Sql.ident(s.path("column").asText(""), "sort.column", i) + " " + dir);
        }
        return parts.isEmpty() ? "" : " ORDER BY " + String.join(", ", parts);
    }

    List<String> outputColumns() {
        JsonNode v = ctx.paramTree("options.outputColumns", i);
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(c -> out.add(c.asText()));
        } else if (v != null && v.isTextual() && !v.textValue().isBlank()) {
            for (String c : v.textValue().split(",")) {
                out.add(c.strip());
            }
        }
        return out.contains("*") ? List.of() : out;
    }

    /**
     * The column values to write for this item: v2.2+ {@code columns} (resource mapper) or v2.0/2.1
     * {@code dataMode}/{@code valuesToSend}; auto-mapping takes the item's fields.
     */
    Map<String, JsonNode> values() {
        JsonNode columns = ctx.rawParam("columns");
        String mode = columns != null && columns.isObject()
                ? columns.path("mappingMode").asText("defineBelow")
                : ctx.param("dataMode", i, String.class, "autoMapInputData");
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if ("autoMapInputData".equals(mode)) {
            Item item = i < ctx.items().size() ? ctx.items().get(i) : Item.empty();
            // n8n's replaceEmptyStrings touches the items' own fields, so only auto-mapping sees it
            boolean emptyAsNull = ctx.param("options.replaceEmptyStrings", i, Boolean.class, false);
            item.json()
                    .properties()
                    .forEach(e -> out.put(
                            e.getKey(),
                            emptyAsNull
                                            && e.getValue().isTextual()
                                            && e.getValue().textValue().isEmpty()
                                    ? NullNode.getInstance()
                                    : e.getValue()));
        } else if (columns != null && columns.isObject()) {
            JsonNode value = ctx.paramTree("columns.value", i);
            if (value != null && value.isObject()) {
                value.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
            }
        } else {
            for (JsonNode v : list("valuesToSend", "values")) {
                out.put(v.path("column").asText(""), v.get("value"));
            }
        }
        out.remove("");
        return out;
    }

    /** Columns that identify the row to update/upsert: {@code columns.matchingColumns} or {@code columnToMatchOn}. */
    List<String> matchingColumns() {
        JsonNode m = ctx.paramTree("columns.matchingColumns", i);
        List<String> out = new ArrayList<>();
        if (m != null && m.isArray()) {
            m.forEach(c -> out.add(c.asText()));
        }
        if (out.isEmpty()) {
            String c = ctx.param("columnToMatchOn", i, String.class, "");
            if (!c.isBlank()) {
                out.add(c);
            }
        }
        if (out.isEmpty()) {
            throw NodeException.user("parameter 'columns.matchingColumns': no column to match on [item " + i + "]", i);
        }
        return out;
    }

    /** v2.0/2.1: the value to match on when not auto-mapping, or null. */
    JsonNode valueToMatchOn() {
        return ctx.rawParam("valueToMatchOn") == null ? null : ctx.paramTree("valueToMatchOn", i);
    }

    private List<JsonNode> list(String param, String group) {
        JsonNode tree = ctx.paramTree(param, i);
        JsonNode v = tree == null ? null : tree.get(group);
        List<JsonNode> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(out::add);
        } else if (v != null && v.isObject()) {
            out.add(v);
        }
        return out;
    }

    static ObjectNode success() {
        return io.hetumind.core.spi.Json.object().put("success", true);
    }
}
