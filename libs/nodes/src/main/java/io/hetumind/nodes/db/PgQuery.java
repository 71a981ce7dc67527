package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NodeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Execute Query: the user's SQL with n8n's {@code $1 … $n} parameters (from
 * {@code options.queryReplacement}) sent as bind values; {@code $n:name} inserts a quoted identifier.
 */
final class PgQuery {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    private PgQuery() {}

    static List<ObjectNode> run(Connection c, PgParams p, boolean largeNumbers) throws SQLException {
        int i = p.item();
        String query = p.ctx().param("query", i, String.class, "");
        if (query.isBlank()) {
            throw NodeException.user("parameter 'query' is empty [item " + i + "]", i);
        }
        List<Object> values = replacements(p);
        List<Object> binds = new ArrayList<>();
        String sql = placeholders(query, values, binds, i);
        List<ObjectNode> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            PgValues.bind(st, binds);
            boolean isResult = st.execute();
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) {
                            rows.add(PgValues.row(rs, largeNumbers));
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
        }
        return rows.isEmpty() ? List.of(PgParams.success()) : rows;
    }

    /** The values of {@code options.queryReplacement}: one per {@code {{ }}} expression, else comma-separated text. */
    static List<Object> replacements(PgParams p) {
        int i = p.item();
        JsonNode raw = p.ctx().rawParam("options.queryReplacement");
        List<Object> out = new ArrayList<>();
        if (raw == null || raw.isNull()) {
            return out;
        }
        if (raw.isArray()) {
            p.ctx().paramTree("options.queryReplacement", i).forEach(v -> out.add(PgValues.bindValue(v)));
            return out;
        }
        String text = raw.asText();
        if (text.startsWith("=") && EXPRESSION.matcher(text).find()) {
            Matcher m = EXPRESSION.matcher(text);
            while (m.find()) {
                out.add(PgValues.bindValue(p.ctx().evaluate("={{" + m.group(1) + "}}", i)));
            }
            return out;
        }
        String literal = text.startsWith("=") ? text.substring(1) : text;
        if (!literal.isBlank()) {
            for (String v : literal.split(",")) {
                out.add(v.strip());
            }
        }
        return out;
    }

    /**
     * Rewrites {@code $n} to JDBC {@code ?} (and a literal {@code ?} to {@code ??}) outside quotes,
     * comments and dollar-quoted strings, appending the referenced values to {@code binds}.
     */
    static String placeholders(String sql, List<Object> values, List<Object> binds, int item) {
        StringBuilder out = new StringBuilder();
        int n = sql.length();
        for (int k = 0; k < n; ) {
            char ch = sql.charAt(k);
            int end = skipQuoted(sql, k);
            if (end > k) {
                out.append(sql, k, end);
                k = end;
            } else if (ch == '?') {
                out.append("??");
                k++;
            } else if (ch == '$' && k + 1 < n && Character.isDigit(sql.charAt(k + 1))) {
                int j = k + 1;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                int index = Integer.parseInt(sql.substring(k + 1, j));
                if (index < 1 || index > values.size()) {
                    throw NodeException.user(
                            "parameter 'query': $" + index + " has no value in 'Query Parameters' (" + values.size()
                                    + " given) [item " + item + "]",
                            item);
                }
                Object value = values.get(index - 1);
                if (sql.startsWith(":name", j)) {
                    Object name = value instanceof PgValues.Typed t ? t.value() : value;
                    out.append(Sql.ident(String.valueOf(name), "options.queryReplacement", item));
                    j += ":name".length();
                } else {
                    out.append('?');
                    if (value instanceof PgValues.Typed t) {
                        out.append("::").append(t.type());
                    }
                    binds.add(value);
                }
                k = j;
            } else {
                out.append(ch);
                k++;
            }
        }
        return out.toString();
    }

    /** End of a quoted string, quoted identifier, comment or dollar-quoted string starting at {@code k}, else k. */
    private static int skipQuoted(String sql, int k) {
        char ch = sql.charAt(k);
        if (ch == '\'' || ch == '"') {
            int j = k + 1;
            while (j < sql.length()) {
                if (sql.charAt(j) == ch) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == ch) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return sql.length();
        }
        if (sql.startsWith("--", k)) {
            int j = sql.indexOf('\n', k);
            return j < 0 ? sql.length() : j;
        }
        if (sql.startsWith("/*", k)) {
            int j = sql.indexOf("*/", k + 2);
            return j < 0 ? sql.length() : j + 2;
        }
        if (ch == '$') {
            Matcher m = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$").matcher(sql);
            if (m.find(k) && m.start() == k) {
                int j = sql.indexOf(m.group(), m.end());
                return j < 0 ? sql.length() : j + m.group().length();
            }
        }
        return k;
    }
}
