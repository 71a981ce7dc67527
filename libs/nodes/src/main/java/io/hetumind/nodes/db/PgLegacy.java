package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Postgres v1, n8n's legacy node: {@code executeQuery} ($1… from the item fields named in
 * {@code additionalFields.queryParams}), {@code insert} and {@code update} with comma-separated
 * {@code columns} ({@code name:cast}) and {@code updateKey}, {@code returnFields}, and
 * {@code additionalFields.mode}: {@code multiple} (default: all items' statements at once, one
 * transaction), {@code transaction} (one transaction; with continue-on-fail a failing item ends the run
 * and everything is rolled back) or {@code independently} (each item on its own).
 */
final class PgLegacy {

    /** A column of {@code columns}/{@code updateKey}: name and optional cast. */
    record Column(String name, String cast) {}

    /** A type name after {@code ::}: letters, digits, spaces, a precision and array brackets; nothing else. */
    private static final Pattern CAST =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_ ]*(\\(\\d+(\\s*,\\s*\\d+)?\\))?(\\[\\])*");

    private final NodeContext ctx;
    private final Connection c;
    private final boolean large;
    private final String mode;
    private final List<Item> items;

    private PgLegacy(NodeContext ctx, Connection c) {
        this.ctx = ctx;
        this.c = c;
        this.items = ctx.items();
        this.large = "numbers".equals(ctx.param("additionalFields.largeNumbersOutput", 0, String.class, ""));
        this.mode = ctx.param("additionalFields.mode", 0, String.class, "multiple");
    }

    /** Runs the v1 operation on {@code c} (auto-commit off) and commits what the mode commits. */
    static NodeResult run(NodeContext ctx, Connection c) throws SQLException {
        return new PgLegacy(ctx, c).run();
    }

    private NodeResult run() throws SQLException {
        if (!List.of("multiple", "transaction", "independently").contains(mode)) {
            throw NodeException.user("multiple, independently or transaction are valid options");
        }
        String op = ctx.param("operation", 0, String.class, "insert");
        try {
            List<Item> out =
                    switch (op) {
                        case "executeQuery" -> perItem(this::query, true);
                        case "insert" -> "multiple".equals(mode) ? insertAll() : perItem(this::insertOne, true);
                        case "update" -> "multiple".equals(mode) ? updateAll() : perItem(this::updateOne, false);
                        default -> throw NodeException.user("The operation \"" + op + "\" is not supported!");
                    };
            return NodeResult.of(out);
        } catch (SQLException e) {
            // one statement for all items (multiple mode): the error belongs to no item, as in n8n
            c.rollback();
            throw PostgresNode.PgErrors.of(e, -1);
        }
    }

    /** One statement of item {@code i}: its rows, or the item to show when it failed under continue-on-fail. */
    private interface Statement {
        List<ObjectNode> run(int i) throws SQLException;
    }

    /**
     * Runs each item's statement. {@code multiple} and {@code transaction} share one transaction; a failure
     * rolls it back (with continue-on-fail, the rows so far and an item for the failure are still returned,
     * as n8n returns them; nothing stays written). {@code independently} commits each item.
     */
    private List<Item> perItem(Statement statement, boolean paired) throws SQLException {
        List<Item> out = new ArrayList<>();
        boolean each = "independently".equals(mode);
        for (int i = 0; i < items.size() && !ctx.canceled(); i++) {
            try {
                for (ObjectNode row : statement.run(i)) {
                    out.add(item(row, i, paired));
                }
                if (each) {
                    c.commit();
                }
            } catch (SQLException | NodeException e) {
                c.rollback();
                if (!ctx.continueOnFail() || "multiple".equals(mode)) {
                    throw PostgresNode.PgErrors.of(e, i);
                }
                out.add(item(failed(i, e, paired), i, paired));
                if (!each) {
                    return out;
                }
            }
        }
        c.commit();
        return out;
    }

    /**
     * What n8n shows for a failed item: executeQuery the input item's JSON, insert the column copy under
     * n8n's internal names ({@code column0}…), both with code and message outside the JSON; update the
     * column copy with {@code code} and {@code message} inside.
     */
    private ObjectNode failed(int i, Exception e, boolean paired) {
        String op = ctx.param("operation", 0, String.class, "insert");
        if ("executeQuery".equals(op)) {
            return items.get(i).json().deepCopy();
        }
        // n8n's copy is keyed by its internal names: column0… for columns, updateColumnN for a key not among them
        ObjectNode copy = Json.object();
        List<Column> cols = columns();
        for (int k = 0; k < cols.size(); k++) {
            copyField(copy, "column" + k, i, cols.get(k).name());
        }
        if ("update".equals(op)) {
            List<Column> keys = keys();
            for (int k = 0; k < keys.size(); k++) {
                String name = keys.get(k).name();
                if (cols.stream().noneMatch(col -> col.name().equals(name))) {
                    copyField(copy, "updateColumn" + k, i, name);
                }
            }
        }
        if (!paired) {
            copy.put("code", e instanceof SQLException s ? s.getSQLState() : null);
            copy.put("message", message(e));
        }
        return copy;
    }

    /** The server's own words (n8n's driver gives them without the "ERROR: " severity). */
    private static String message(Exception e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return String.valueOf(p.getServerErrorMessage().getMessage());
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /** A field the item lacks is left out, as JavaScript leaves out an undefined property. */
    private void copyField(ObjectNode copy, String key, int i, String name) {
        JsonNode v = items.get(i).json().get(name);
        if (v != null) {
            copy.set(key, v);
        }
    }

    /** n8n pairs update rows with nothing: the engine pairs them as n8n's assignPairedItems does. */
    private static Item item(ObjectNode row, int i, boolean paired) {
        return new Item(row, null, paired ? new PairedItem(i, 0) : null);
    }

    private List<ObjectNode> query(int i) throws SQLException {
        String sql = ctx.param("query", i, String.class, "");
        if (sql.isBlank()) {
            throw NodeException.user("parameter 'query' is empty [item " + i + "]", i);
        }
        List<Object> values = new ArrayList<>();
        String names = ctx.param("additionalFields.queryParams", 0, String.class, "");
        if (!names.isEmpty()) {
            for (String name : names.split(",")) {
                values.add(PgValues.typed(items.get(i).json().get(name.strip())));
            }
        }
        List<Object> binds = new ArrayList<>();
        return rows(PgQuery.placeholders(sql, values, binds, i), binds);
    }

    private List<ObjectNode> insertOne(int i) throws SQLException {
        List<Object> binds = new ArrayList<>();
        String sql = insert(List.of(i), binds);
        List<ObjectNode> rows = rows(sql, binds);
        if ("transaction".equals(mode) && rows.size() != 1) {
            throw NodeException.user(
                    (rows.isEmpty() ? "No data returned from the query." : "Multiple rows were not expected.")
                            + " [item " + i + "]",
                    i);
        }
        return rows;
    }

    private List<Item> insertAll() throws SQLException {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            all.add(i);
        }
        List<Object> binds = new ArrayList<>();
        List<ObjectNode> rows = rows(insert(all, binds), binds);
        c.commit();
        List<Item> out = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            out.add(new Item(rows.get(k), null, new PairedItem(k, 0)));
        }
        return out;
    }

    /** {@code INSERT INTO "s"."t"("a","b") VALUES (?::int, ?), …} over {@code rows}' column values. */
    private String insert(List<Integer> rows, List<Object> binds) {
        List<Column> cols = columns();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table()).append('(');
        sql.append(String.join(
                ",",
                cols.stream().map(col -> Sql.ident(col.name(), "columns", 0)).toList()));
        sql.append(") VALUES ");
        List<String> tuples = new ArrayList<>();
        for (int i : rows) {
            tuples.add("(" + values(cols, i, binds, false) + ")");
        }
        return sql.append(String.join(",", tuples)).append(returning()).toString();
    }

    private List<ObjectNode> updateOne(int i) throws SQLException {
        List<Column> cols = updateColumns();
        List<Object> binds = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (Column col : cols) {
            sets.add(Sql.ident(col.name(), "columns", i) + "=" + mark(value(i, col.name()), col.cast(), binds, false));
        }
        List<String> where = new ArrayList<>();
        for (Column key : keys()) {
            where.add(Sql.ident(key.name(), "updateKey", i) + " = " + mark(value(i, key.name()), null, binds, false));
        }
        String sql = "UPDATE " + table() + " SET " + String.join(",", sets) + " WHERE " + String.join(" AND ", where)
                + returning();
        return rows(sql, binds);
    }

    /**
     * One {@code UPDATE … FROM (VALUES …) AS v} for all items, as pg-promise's multi-row update; the
     * values are typed as pg-promise's literals are (a number is an integer or numeric, text is text), since
     * the comparison {@code v.key = t.key} needs a type.
     */
    private List<Item> updateAll() throws SQLException {
        List<Column> cols = updateColumns();
        List<Object> binds = new ArrayList<>();
        List<String> tuples = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            tuples.add("(" + values(cols, i, binds, true) + ")");
        }
        List<String> names =
                cols.stream().map(col -> Sql.ident(col.name(), "columns", 0)).toList();
        List<String> sets = names.stream().map(n -> n + "=v." + n).toList();
        List<String> where = keys().stream()
                .map(k -> "v." + Sql.ident(k.name(), "updateKey", 0) + " = t." + Sql.ident(k.name(), "updateKey", 0))
                .toList();
        String sql = "UPDATE " + table() + " AS t SET " + String.join(",", sets) + " FROM (VALUES "
                + String.join(",", tuples) + ") AS v(" + String.join(",", names) + ") WHERE "
                + String.join(" AND ", where) + returning();
        List<ObjectNode> rows = rows(sql, binds);
        c.commit();
        List<Item> out = new ArrayList<>();
        rows.forEach(r -> out.add(item(r, 0, false)));
        return out;
    }

    private String values(List<Column> cols, int i, List<Object> binds, boolean typed) {
        List<String> marks = new ArrayList<>();
        for (Column col : cols) {
            marks.add(mark(value(i, col.name()), col.cast(), binds, typed));
        }
        return String.join(",", marks);
    }

    /** A bind mark with the column's cast, or (typed) the type pg-promise's literal would have. */
    private static String mark(JsonNode v, String cast, List<Object> binds, boolean typed) {
        Object value = typed ? PgValues.typed(v) : PgValues.bindValue(v);
        binds.add(value);
        if (cast != null) {
            return "?::" + cast;
        }
        return value instanceof PgValues.Typed t ? "?::" + t.type() : "?";
    }

    private JsonNode value(int i, String name) {
        JsonNode v = items.get(i).json().get(name);
        return v == null ? Json.F.nullNode() : v;
    }

    private String table() {
        String schema = ctx.param("schema", 0, String.class, "public");
        return Sql.table(schema, ctx.param("table", 0, String.class, ""), 0);
    }

    /** {@code columns}: {@code name[:cast]} separated by commas. */
    private List<Column> columns() {
        return parse(ctx.param("columns", 0, String.class, ""), "columns");
    }

    private List<Column> keys() {
        return parse(ctx.param("updateKey", 0, String.class, "id"), "updateKey");
    }

    /** Update's columns: the update keys not among {@code columns} first, a key's cast given to its column. */
    private List<Column> updateColumns() {
        List<Column> cols = new ArrayList<>(columns());
        List<Column> front = new ArrayList<>();
        for (Column key : keys()) {
            int at = -1;
            for (int k = 0; k < cols.size(); k++) {
                if (cols.get(k).name().equals(key.name())) {
                    at = k;
                }
            }
            if (at < 0) {
                front.addFirst(key);
            } else if (cols.get(at).cast() == null && key.cast() != null) {
                cols.set(at, new Column(key.name(), key.cast()));
            }
        }
        front.addAll(cols);
        return front;
    }

    private static List<Column> parse(String text, String param) {
        List<Column> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String[] nc = part.strip().split(":");
            String name = nc[0];
            String cast = nc.length > 1 && !nc[1].isBlank() ? nc[1].strip() : null;
            if (name.isEmpty()) {
                throw NodeException.user("parameter '" + param + "': a column name is empty in '" + text + "'");
            }
            if (cast != null && !CAST.matcher(cast).matches()) {
                throw NodeException.user("parameter '" + param + "': '" + cast + "' is not a type name");
            }
            out.add(new Column(name, cast));
        }
        return out;
    }

    /** {@code RETURNING} the comma-separated {@code returnFields}; {@code *} stays a star. */
    private String returning() {
        String fields = ctx.param("returnFields", 0, String.class, "*");
        List<String> out = new ArrayList<>();
        for (String f : fields.split(",", -1)) {
            String name = f.strip();
            out.add(name.equals("*") ? "*" : Sql.ident(name, "returnFields", 0));
        }
        return " RETURNING " + String.join(", ", out);
    }

    private List<ObjectNode> rows(String sql, List<Object> binds) throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            PgValues.bind(st, binds);
            boolean isResult = st.execute();
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) {
                            rows.add(PgValues.row(rs, large));
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
        }
        return rows;
    }
}
