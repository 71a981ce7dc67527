package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Binds JSON values as statement parameters and reads result rows as JSON, the way n8n's Postgres node shows them. */
final class PgValues {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private PgValues() {}

    /** JSON → a bind value: scalars as themselves, containers as JSON text, null as SQL NULL. */
    static Object bindValue(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.decimalValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isContainerNode()) {
            return Json.write(v);
        }
        return v.asText();
    }

    /** A bind value sent with a type, as a pg-promise literal of a number or boolean carries one. */
    record Typed(Object value, String type) {}

    /**
     * JSON → a bind value typed as pg-promise's client-side literal would be: an integer is int4 (int8,
     * numeric when larger), another number numeric, a boolean boolean; text, containers and null stay
     * untyped (a quoted literal, whose type the server infers).
     */
    static Object typed(JsonNode v) {
        Object value = bindValue(v);
        if (v == null || !(v.isNumber() || v.isBoolean())) {
            return value;
        }
        if (v.isBoolean()) {
            return new Typed(value, "boolean");
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return new Typed(value, "int4");
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return new Typed(value, "int8");
        }
        return new Typed(value, "numeric");
    }

    /**
     * Binds every value as untyped text (the connection uses {@code stringtype=unspecified}), so the
     * server infers each parameter's type from where it is used, as with n8n's driver.
     */
    static void bind(PreparedStatement st, List<Object> values) throws SQLException {
        for (int k = 0; k < values.size(); k++) {
            Object v = values.get(k) instanceof Typed t ? t.value() : values.get(k);
            if (v == null) {
                st.setNull(k + 1, Types.NULL);
            } else {
                st.setString(k + 1, v instanceof BigDecimal d ? d.toPlainString() : v.toString());
            }
        }
    }

    /** One row as JSON; bigint and numeric become strings unless {@code largeNumbersAsNumbers}. */
    static ObjectNode row(ResultSet rs, boolean largeNumbersAsNumbers) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        ObjectNode o = Json.object();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            o.set(
                    md.getColumnLabel(c),
                    value(rs, c, md.getColumnType(c), md.getColumnTypeName(c), largeNumbersAsNumbers));
        }
        return o;
    }

    private static JsonNode value(ResultSet rs, int c, int type, String typeName, boolean large) throws SQLException {
        Object raw = rs.getObject(c);
        if (raw == null) {
            return Json.F.nullNode();
        }
        return switch (type) {
            case Types.SMALLINT, Types.INTEGER, Types.TINYINT -> Json.F.numberNode(rs.getInt(c));
            case Types.BIGINT -> large ? Json.F.numberNode(rs.getLong(c)) : Json.F.textNode(rs.getString(c));
            case Types.NUMERIC, Types.DECIMAL ->
                large ? Json.F.numberNode(rs.getBigDecimal(c)) : Json.F.textNode(rs.getString(c));
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> Json.F.numberNode(rs.getDouble(c));
            case Types.BOOLEAN, Types.BIT -> Json.F.booleanNode(rs.getBoolean(c));
            case Types.DATE -> Json.F.textNode(rs.getString(c));
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> timestamp(rs, c, typeName);
            case Types.ARRAY -> array(rs.getArray(c), large);
            default -> other(rs.getString(c), typeName);
        };
    }

    private static JsonNode timestamp(ResultSet rs, int c, String typeName) throws SQLException {
        if ("timestamptz".equals(typeName)) {
            OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
            return Json.F.textNode(ISO.format(t.withOffsetSameInstant(ZoneOffset.UTC)));
        }
        Timestamp t = rs.getTimestamp(c);
        return Json.F.textNode(ISO.format(t.toLocalDateTime()));
    }

    private static JsonNode array(Array a, boolean large) throws SQLException {
        ArrayNode out = Json.array();
        try (ResultSet rs = a.getResultSet()) {
            while (rs.next()) {
                out.add(value(
                        rs,
                        2,
                        rs.getMetaData().getColumnType(2),
                        rs.getMetaData().getColumnTypeName(2),
                        large));
            }
        }
        return out;
    }

    private static JsonNode other(String text, String typeName) {
        if ("json".equals(typeName) || "jsonb".equals(typeName)) {
            try {
                return Json.parse(text);
            } catch (IllegalArgumentException e) {
                return Json.F.textNode(text);
            }
        }
        return Json.F.textNode(text);
    }
}
