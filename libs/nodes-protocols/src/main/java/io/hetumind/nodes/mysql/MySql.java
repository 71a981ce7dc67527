package io.hetumind.nodes.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** SQL text work for the MySQL node: identifiers, statements, {@code $n} parameters, binding and rows. */
final class MySql {

    /** A statement with {@code ?} placeholders and the values bound to them, in order. */
    record Query(String sql, List<JsonNode> values) {}

    /**
     * How BIGINT and DECIMAL columns come out, as n8n's mysql2 text protocol reads them.
     *
     * @param supportBigNumbers a BIGINT that a JavaScript number cannot hold exactly comes out as text (v2), else as
     *     the nearest number (v1, mysql2's defaults)
     * @param bigNumberStrings every BIGINT as text (v2 {@code largeNumbersOutput: text}, the default)
     * @param decimalNumbers DECIMAL as a (double) number (v2 {@code decimalNumbers}); else as the text the server sent
     */
    record Numbers(boolean supportBigNumbers, boolean bigNumberStrings, boolean decimalNumbers) {
        /** v1: mysql2's defaults. */
        static final Numbers V1 = new Numbers(false, false, false);

        /** v2's options. */
        static Numbers v2(String largeNumbersOutput, boolean decimalNumbers) {
            return new Numbers(true, !"numbers".equals(largeNumbersOutput), decimalNumbers);
        }
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private MySql() {}

    /**
     * An identifier quoted with backticks, as n8n's {@code escapeSqlIdentifier}: dots separate
     * parts ({@code db.table}), a part already in backticks stays as it is. A part that is empty or
     * holds a backtick or NUL inside is refused, so no name can close the quoting.
     */
    static String id(String identifier, String what, int item) {
        if (identifier == null || identifier.isBlank()) {
            throw NodeException.user(what + " is empty" + at(item), item);
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        String s = identifier;
        while (i < s.length()) {
            if (s.charAt(i) == '`') {
                int end = s.indexOf('`', i + 1);
                if (end < 0) {
                    throw badId(identifier, what, item);
                }
                parts.add(s.substring(i + 1, end));
                i = end + 1;
                if (i < s.length() && s.charAt(i) != '.') {
                    throw badId(identifier, what, item);
                }
                i++;
            } else {
                int end = s.indexOf('.', i);
                if (end < 0) {
                    end = s.length();
                }
                parts.add(s.substring(i, end).strip());
                i = end + 1;
            }
        }
        StringBuilder out = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty() || p.indexOf('`') >= 0 || p.indexOf('\0') >= 0 || p.length() > 64) {
                throw badId(identifier, what, item);
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append('`').append(p).append('`');
        }
        return out.toString();
    }

    private static NodeException badId(String identifier, String what, int item) {
        return NodeException.user(what + " '" + identifier + "' is not a valid MySQL identifier" + at(item), item);
    }

    static String at(int item) {
        return item >= 0 ? " [item " + item + "]" : "";
    }

    /**
     * The statements of a query, split at semicolons outside quotes ('…', "…", `…`) and comments
     * (-- …, # …, /* … *&#47;); empty ones dropped.
     */
    static List<String> statements(String query) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = query.length();
        for (int i = 0; i < n; i++) {
            char c = query.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(query, i, c);
                cur.append(query, i, end);
                i = end - 1;
            } else if (c == '#'
                    || (c == '-'
                            && i + 2 < n
                            && query.charAt(i + 1) == '-'
                            && Character.isWhitespace(query.charAt(i + 2)))) {
                int end = query.indexOf('\n', i);
                end = end < 0 ? n : end;
                cur.append(query, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                int end = query.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                cur.append(query, i, end);
                i = end - 1;
            } else if (c == ';') {
                add(out, cur);
            } else {
                cur.append(c);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty() && !onlyComments(s)) {
            out.add(s);
        }
        cur.setLength(0);
    }

    private static boolean onlyComments(String s) {
        String rest = s.replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("(?m)(--\\s|#).*$", "")
                .strip();
        return rest.isEmpty();
    }

    /** Index just past the quote that closes the one at {@code start} (backslash escapes and doubled quotes). */
    private static int closing(String s, int start, char q) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && q != '`') {
                i += 2;
                continue;
            }
            if (c == q) {
                if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    /**
     * One statement with n8n's query parameters: {@code $n} becomes a bound {@code ?} taking
     * replacement n, {@code $n:name} the replacement as a quoted identifier. Markers inside quotes
     * and comments are left alone. A marker without a replacement fails (v2.5), or binds NULL before.
     */
    static Query parameters(String statement, List<JsonNode> replacements, double version, int item) {
        StringBuilder sql = new StringBuilder();
        List<JsonNode> values = new ArrayList<>();
        int n = statement.length();
        for (int i = 0; i < n; i++) {
            char c = statement.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(statement, i, c);
                sql.append(statement, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < n && statement.charAt(i + 1) == '*') {
                int end = statement.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                sql.append(statement, i, end);
                i = end - 1;
            } else if (c == '#'
                    || (c == '-'
                            && i + 2 < n
                            && statement.charAt(i + 1) == '-'
                            && Character.isWhitespace(statement.charAt(i + 2)))) {
                int end = statement.indexOf('\n', i);
                end = end < 0 ? n : end;
                sql.append(statement, i, end);
                i = end - 1;
            } else if (c == '$' && i + 1 < n && Character.isDigit(statement.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && Character.isDigit(statement.charAt(j))) {
                    j++;
                }
                int number = Integer.parseInt(statement.substring(i + 1, j));
                boolean name = statement.startsWith(":name", j);
                JsonNode value = number >= 1 && number <= replacements.size() ? replacements.get(number - 1) : null;
                if (value == null && version >= 2.5) {
                    throw NodeException.user(
                            "Parameter $" + number + " referenced in query but no replacement value provided at index "
                                    + number + at(item),
                            item);
                }
                if (name) {
                    if (value == null || value.isNull()) {
                        throw NodeException.user("Parameter $" + number + ":name has no value" + at(item), item);
                    }
                    sql.append(
                            id(value.isTextual() ? value.asText() : value.toString(), "identifier $" + number, item));
                    j += ":name".length();
                } else {
                    sql.append('?');
                    values.add(value == null ? Json.F.nullNode() : value);
                }
                i = j - 1;
            } else if (c == '?') {
                throw NodeException.user(
                        "the query holds a '?' outside quotes: use $1, $2 … and Query Parameters instead" + at(item),
                        item);
            } else {
                sql.append(c);
            }
        }
        return new Query(sql.toString(), values);
    }

    /** Binds JSON values: text, numbers, booleans and NULL as such; objects and arrays as JSON text. */
    static void bind(PreparedStatement ps, List<JsonNode> values) throws SQLException {
        for (int k = 0; k < values.size(); k++) {
            JsonNode v = values.get(k);
            int p = k + 1;
            if (v == null || v.isNull() || v.isMissingNode()) {
                ps.setNull(p, Types.NULL);
            } else if (v.isTextual()) {
                ps.setString(p, v.asText());
            } else if (v.isIntegralNumber()) {
                if (v.canConvertToLong()) {
                    ps.setLong(p, v.asLong());
                } else {
                    ps.setBigDecimal(p, new BigDecimal(v.bigIntegerValue()));
                }
            } else if (v.isNumber()) {
                ps.setBigDecimal(p, v.decimalValue());
            } else if (v.isBoolean()) {
                ps.setBoolean(p, v.asBoolean());
            } else {
                ps.setString(p, Json.write(v));
            }
        }
    }

    /** The statement with its values written in as SQL literals, for display only (detailed output). */
    static String display(Query q) {
        StringBuilder out = new StringBuilder();
        int k = 0;
        String s = q.sql();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(s, i, c);
                out.append(s, i, end);
                i = end - 1;
            } else if (c == '?' && k < q.values().size()) {
                out.append(literal(q.values().get(k++)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String literal(JsonNode v) {
        if (v == null || v.isNull()) {
            return "NULL";
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        String text = v.isTextual() ? v.asText() : Json.write(v);
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The rows of a result set as JSON objects, typed as n8n's mysql2 driver returns them. */
    static List<ObjectNode> rows(ResultSet rs, Numbers numbers) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int cols = md.getColumnCount();
        List<ObjectNode> out = new ArrayList<>();
        while (rs.next()) {
            ObjectNode row = Json.object();
            for (int c = 1; c <= cols; c++) {
                row.set(md.getColumnLabel(c), value(rs, md, c, numbers));
            }
            out.add(row);
        }
        return out;
    }

    private static JsonNode value(ResultSet rs, ResultSetMetaData md, int c, Numbers numbers) throws SQLException {
        int type = md.getColumnType(c);
        String typeName = String.valueOf(md.getColumnTypeName(c)).toUpperCase(java.util.Locale.ROOT);
        Object probe = rs.getObject(c);
        if (probe == null) {
            return Json.F.nullNode();
        }
        switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BOOLEAN -> {
                return Json.F.numberNode(rs.getLong(c));
            }
            case Types.BIGINT -> {
                BigInteger b = rs.getBigDecimal(c).toBigInteger();
                String text = b.toString();
                if (numbers.supportBigNumbers() && numbers.bigNumberStrings()) {
                    return Json.F.textNode(text);
                }
                double d = b.doubleValue();
                if (Js.numberToString(d).equals(text)) {
                    return b.bitLength() < 64 ? Json.F.numberNode(b.longValue()) : Json.F.numberNode(b);
                }
                // not a JavaScript number exactly: mysql2 keeps the text with big-number support, else rounds it
                return numbers.supportBigNumbers()
                        ? Json.F.textNode(text)
                        : Json.F.numberNode(new BigDecimal(d).toBigInteger());
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal d = rs.getBigDecimal(c);
                return numbers.decimalNumbers()
                        ? Json.F.numberNode(d.doubleValue())
                        : Json.F.textNode(d.toPlainString());
            }
            case Types.FLOAT, Types.REAL, Types.DOUBLE -> {
                return Json.F.numberNode(rs.getDouble(c));
            }
            case Types.DATE -> {
                if (typeName.contains("YEAR")) {
                    return Json.F.numberNode(rs.getInt(c));
                }
                LocalDate d = rs.getObject(c, LocalDate.class);
                return Json.F.textNode(ISO.format(d.atStartOfDay()));
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                LocalDateTime t = rs.getObject(c, LocalDateTime.class);
                return Json.F.textNode(ISO.format(t.atOffset(ZoneOffset.UTC)));
            }
            case Types.TIME -> {
                return Json.F.textNode(rs.getString(c));
            }
            case Types.BIT, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                if (typeName.contains("TEXT") || typeName.equals("JSON")) {
                    return text(rs.getString(c), typeName);
                }
                byte[] bytes = rs.getBytes(c);
                ObjectNode buffer = Json.object().put("type", "Buffer");
                ArrayNode data = buffer.putArray("data");
                for (byte b : bytes) {
                    data.add(b & 0xff);
                }
                return buffer;
            }
            default -> {
                return text(rs.getString(c), typeName);
            }
        }
    }

    private static JsonNode text(String s, String typeName) {
        if (typeName.equals("JSON")) {
            try {
                return Json.parse(s);
            } catch (RuntimeException e) {
                return Json.F.textNode(s);
            }
        }
        return Json.F.textNode(s);
    }
}
