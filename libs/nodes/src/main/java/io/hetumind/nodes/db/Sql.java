package io.hetumind.nodes.db;

import io.hetumind.core.spi.NodeException;
import java.util.List;
import java.util.Locale;

/** SQL text pieces built safely: identifiers are always quoted, values are always bind parameters. */
final class Sql {

    private Sql() {}

    /** A double-quoted identifier; embedded quotes doubled, NUL and empty names refused. */
    static String ident(String name, String param, int item) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || name.length() > 63 * 4) {
            throw NodeException.user(
                    "parameter '" + param + "': '" + (name == null ? "" : name.replace("\0", "\\0"))
                            + "' is not a valid identifier [item " + item + "]",
                    item);
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String table(String schema, String table, int item) {
        return ident(schema, "schema", item) + "." + ident(table, "table", item);
    }

    /** A WHERE condition with its bound value, from n8n's {@code where.values} entries. */
    record Condition(String column, String operator, Object value) {}

    /** The SQL operator for n8n's condition name; unknown names are user errors. */
    static String operator(String condition, int item) {
        return switch (condition == null ? "equal" : condition) {
            case "equal", "=" -> "=";
            case "!=", "notEqual" -> "<>";
            case "LIKE", "like" -> "LIKE";
            case ">", "<", ">=", "<=" -> condition;
            case "IS NULL" -> "IS NULL";
            case "IS NOT NULL" -> "IS NOT NULL";
            default ->
                throw NodeException.user(
                        "parameter 'where': condition '" + condition + "' is not supported (equal, !=, LIKE, >, <,"
                                + " >=, <=, IS NULL, IS NOT NULL) [item " + item + "]",
                        item);
        };
    }

    /** {@code WHERE …} (or empty) for the conditions; values are appended to {@code binds}. */
    static String where(List<Condition> conditions, String combine, List<Object> binds, int item) {
        if (conditions.isEmpty()) {
            return "";
        }
        String joiner = "OR".equals(combine == null ? "" : combine.toUpperCase(Locale.ROOT)) ? " OR " : " AND ";
        StringBuilder sb = new StringBuilder(" WHERE ");
        for (int k = 0; k < conditions.size(); k++) {
            Condition c = conditions.get(k);
            if (k > 0) {
                sb.append(joiner);
            }
            sb.append(ident(c.column(), "where.column", item)).append(' ').append(c.operator());
            if (!c.operator().startsWith("IS ")) {
                sb.append(" ?");
                binds.add(c.value());
            }
        }
        return sb.toString();
    }

    /** The select list: {@code *} or the quoted output columns. */
    static String columns(List<String> names, int item) {
        if (names.isEmpty()) {
            return "*";
        }
        return String.join(
                ", ", names.stream().map(n -> ident(n, "outputColumns", item)).toList());
    }
}
