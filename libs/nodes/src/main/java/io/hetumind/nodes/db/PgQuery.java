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
        // n8n (pg-promise) formats $n inside quoted text too; the option keeps a string that is just '$n' as written
        boolean asText = p.ctx().param("options.treatQueryParametersInSingleQuotesAsText", i, Boolean.class, false);
        String sql = placeholders(query, values, binds, i, !values.isEmpty(), asText);
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
        return placeholders(sql, values, binds, item, false, false);
    }

    /**
     * As {@link #placeholders(String, List, List, int)}; with {@code inQuotes}, a {@code $n} inside a single-quoted
     * string also takes value n, as text within that string ({@link #inQuotedText}), except that with {@code
     * justRefAsText} a string that is only {@code '$n'} stays as written (n8n's "Treat query parameters in single
     * quotes as text", which matches exactly that shape).
     */
    static String placeholders(
            String sql, List<Object> values, List<Object> binds, int item, boolean inQuotes, boolean justRefAsText) {
        StringBuilder out = new StringBuilder();
        int n = sql.length();
        for (int k = 0; k < n; ) {
            char ch = sql.charAt(k);
            int end = skipQuoted(sql, k);
            if (end > k
                    && inQuotes
                    && ch == '\''
                    && end - k >= 2
                    && sql.charAt(end - 1) == '\''
                    && !(justRefAsText
                            && JUST_REF.matcher(sql.substring(k, end)).matches())) {
                out.append(inQuotedText(sql, k, end, values, item));
                k = end;
            } else if (end > k) {
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

    private static final Pattern IN_TEXT = Pattern.compile("\\$([1-9][0-9]*)(?![0-9])");
    private static final Pattern JUST_REF = Pattern.compile("'\\$[0-9]+'");

    /**
     * The single-quoted string {@code sql[start, end)} with each {@code $n} replaced by value n's text, which is what
     * n8n's pg-promise makes of it for a number, boolean or null ({@code INTERVAL '$1 days'} with 7 is
     * {@code '7 days'}). For text, pg-promise puts a quoted literal inside the quotes (broken SQL, and with a crafted
     * value, SQL of the value's choosing); here the text goes in with its quotes doubled, so it stays inside the
     * string, and text with a backslash or an {@code E'…'} string (where a backslash escapes) is refused.
     */
    private static String inQuotedText(String sql, int start, int end, List<Object> values, int item) {
        String literal = sql.substring(start, end);
        Matcher m = IN_TEXT.matcher(literal);
        if (!m.find()) {
            return literal;
        }
        boolean escapes = start > 0
                && (sql.charAt(start - 1) == 'E' || sql.charAt(start - 1) == 'e')
                && (start == 1 || !Character.isLetterOrDigit(sql.charAt(start - 2)) && sql.charAt(start - 2) != '_');
        StringBuilder out = new StringBuilder();
        int from = 0;
        do {
            int index = Integer.parseInt(m.group(1));
            if (index < 1 || index > values.size()) {
                throw NodeException.user(
                        "parameter 'query': $" + index + " has no value in 'Query Parameters' (" + values.size()
                                + " given) [item " + item + "]",
                        item);
            }
            Object value = values.get(index - 1) instanceof PgValues.Typed t ? t.value() : values.get(index - 1);
            String text = value == null
                    ? "null"
                    : value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
            if (value instanceof String && (escapes || text.indexOf('\\') >= 0)) {
                throw NodeException.user(
                        "parameter 'query': $" + index + " is inside quoted text, where a value with a backslash (or"
                                + " any text in an E'…' string) could end the string; bind it outside the quotes, or"
                                + " turn on 'Treat query parameters in single quotes as text' [item " + item + "]",
                        item);
            }
            out.append(literal, from, m.start()).append(text.replace("'", "''"));
            from = m.end();
        } while (m.find());
        return out.append(literal, from, literal.length()).toString();
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
