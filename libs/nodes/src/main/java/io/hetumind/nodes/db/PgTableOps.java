package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NodeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Select, insert, update, upsert and delete on one table, with quoted identifiers and bound values only. */
final class PgTableOps {

    private final Connection c;
    private final PgParams p;
    private final boolean largeNumbers;
    private final int i;

    PgTableOps(Connection c, PgParams p, boolean largeNumbers) {
        this.c = c;
        this.p = p;
        this.largeNumbers = largeNumbers;
        this.i = p.item();
    }

    List<ObjectNode> select() throws SQLException {
        List<Object> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(Sql.columns(p.outputColumns(), i))
                .append(" FROM ")
                .append(p.table())
                .append(Sql.where(p.where(), p.combine(), binds, i))
                .append(p.orderBy());
        if (!p.ctx().param("returnAll", i, Boolean.class, false)) {
            int limit = p.ctx().param("limit", i, Integer.class, 50);
            if (limit < 0) {
                throw NodeException.user("parameter 'limit' must be 0 or more [item " + i + "]", i);
            }
            sql.append(" LIMIT ?");
            binds.add((long) limit);
        }
        return query(sql.toString(), binds);
    }

    List<ObjectNode> insert() throws SQLException {
        Map<String, JsonNode> values = checked(p.values());
        if (values.isEmpty() && p.ctx().node().typeVersion() < 2.6) {
            // before 2.6 n8n formats "($3:name) VALUES($3:csv)" with no columns, which pg-promise refuses
            throw NodeException.user("Cannot retrieve sql names from an empty array/object.", i);
        }
        List<Object> binds = new ArrayList<>();
        String sql = "INSERT INTO " + p.table() + insertList(values, binds)
                + (p.ctx().param("options.skipOnConflict", i, Boolean.class, false) ? " ON CONFLICT DO NOTHING" : "")
                + returning();
        return query(sql, binds);
    }

    List<ObjectNode> update() throws SQLException {
        Map<String, JsonNode> values = checked(p.values());
        List<String> match = p.matchingColumns();
        JsonNode legacyMatch = p.valueToMatchOn();
        if (legacyMatch != null) {
            values.put(match.getFirst(), legacyMatch);
        }
        List<Object> binds = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        values.forEach((col, v) -> {
            if (!match.contains(col)) {
                sets.add(Sql.ident(col, "columns", i) + " = ?");
                binds.add(PgValues.bindValue(v));
            }
        });
        if (sets.isEmpty()) {
            throw NodeException.user(
                    "parameter 'columns': nothing to update besides the matching columns [item " + i + "]", i);
        }
        List<Sql.Condition> where = new ArrayList<>();
        for (String m : match) {
            if (!values.containsKey(m)) {
                throw NodeException.user(
                        "parameter 'columns': no value for matching column '" + m + "' [item " + i + "]", i);
            }
            where.add(new Sql.Condition(m, "=", PgValues.bindValue(values.get(m))));
        }
        String sql = "UPDATE " + p.table() + " SET " + String.join(", ", sets) + Sql.where(where, "AND", binds, i)
                + returning();
        return query(sql, binds);
    }

    List<ObjectNode> upsert() throws SQLException {
        Map<String, JsonNode> values = checked(p.values());
        List<String> match = p.matchingColumns();
        List<Object> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(p.table()).append(insertList(values, binds));
        sql.append(" ON CONFLICT (")
                .append(String.join(
                        ", ",
                        match.stream()
                                .map(m -> Sql.ident(m, "columns.matchingColumns", i))
                                .toList()))
                .append(")");
        List<String> sets = new ArrayList<>();
        for (String col : values.keySet()) {
            if (!match.contains(col)) {
                String q = Sql.ident(col, "columns", i);
                sets.add(q + " = EXCLUDED." + q);
            }
        }
        sql.append(sets.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + String.join(", ", sets));
        return query(sql.append(returning()).toString(), binds);
    }

    List<ObjectNode> deleteTable() throws SQLException {
        String command = p.ctx().param("deleteCommand", i, String.class, "truncate");
        String table = p.table();
        boolean cascade = p.ctx().param("options.cascade", i, Boolean.class, false);
        String sql;
        List<Object> binds = new ArrayList<>();
        switch (command) {
            case "truncate" ->
                sql = "TRUNCATE TABLE " + table
                        + (p.ctx().param("restartSequences", i, Boolean.class, false) ? " RESTART IDENTITY" : "")
                        + (cascade ? " CASCADE" : "");
            case "delete" -> sql = "DELETE FROM " + table + Sql.where(p.where(), p.combine(), binds, i);
            case "drop" -> sql = "DROP TABLE IF EXISTS " + table + (cascade ? " CASCADE" : "");
            default ->
                throw NodeException.user(
                        "parameter 'deleteCommand': '" + command + "' is not supported (truncate, delete, drop) [item "
                                + i + "]",
                        i);
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
            PgValues.bind(st, binds);
            st.execute();
        }
        return List.of(PgParams.success());
    }

    private String insertList(Map<String, JsonNode> values, List<Object> binds) {
        if (values.isEmpty()) {
            return " DEFAULT VALUES";
        }
        List<String> cols = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        values.forEach((col, v) -> {
            cols.add(Sql.ident(col, "columns", i));
            marks.add("?");
            binds.add(PgValues.bindValue(v));
        });
        return " (" + String.join(", ", cols) + ") VALUES (" + String.join(", ", marks) + ")";
    }

    private String returning() {
        return " RETURNING " + Sql.columns(p.outputColumns(), i);
    }

    /** The values, after checking every column exists in the table (clear errors instead of SQL ones). */
    private Map<String, JsonNode> checked(Map<String, JsonNode> values) throws SQLException {
        Set<String> columns = new LinkedHashSet<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            st.setString(1, p.schemaName());
            st.setString(2, p.tableName());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        if (columns.isEmpty()) {
            throw NodeException.user(
                    "parameter 'table': table '" + p.schemaName() + "." + p.tableName() + "' does not exist [item " + i
                            + "]",
                    i);
        }
        for (String col : values.keySet()) {
            if (!columns.contains(col)) {
                throw NodeException.user("Column '" + col + "' does not exist in selected table [item " + i + "]", i);
            }
        }
        return new java.util.LinkedHashMap<>(values);
    }

    private List<ObjectNode> query(String sql, List<Object> binds) throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            PgValues.bind(st, binds);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(PgValues.row(rs, largeNumbers));
                }
            }
        }
        return rows;
    }
}
