package io.hetumind.nodes.data.markdown;

import static io.hetumind.nodes.data.markdown.JsText.END;
import static io.hetumind.nodes.data.markdown.JsText.S;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** node-html-markdown's table layout: rows re-read from what the cells wrote, columns padded to their widest cell. */
final class TableLayout {

    /** A row that holds at least one cell ends in " |". */
    static final Pattern ROW_END = Pattern.compile(" \\|" + S + "*" + END);

    private static final Pattern ROW =
            Pattern.compile("^(?:\\|" + S + "+)?([^\\n\\r\\u2028\\u2029]+)" + S + "*\\|" + S + "*" + END);

    private TableLayout() {}

    /** The table's postprocess step: the rows written by its {@code tr}s, laid out again. */
    static Object compose(Translators.Ctx ctx) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> width = new ArrayList<>();
        for (String[] line : splitSpecial(ctx.content())) {
            Matcher m = ROW.matcher(line[0]);
            String row = m.find() ? line[0].substring(0, m.start()) + m.group(1) + line[0].substring(m.end()) : line[0];
            if (row.isEmpty()) {
                continue;
            }
            List<String> cols = new ArrayList<>();
            String[] parts = row.split(" \\|", -1);
            for (int i = 0; i < parts.length; i++) {
                String c = JsText.trim(parts[i]);
                if (width.size() < i + 1) {
                    width.add(c.length());
                } else if (width.get(i) < c.length()) {
                    width.set(i, c.length());
                }
                cols.add(c);
            }
            rows.add(cols);
        }
        if (rows.isEmpty()) {
            return Translators.REMOVE;
        }
        StringBuilder res = new StringBuilder();
        String caption = ctx.meta() == null || ctx.meta().table == null ? null : ctx.meta().table.caption;
        if (caption != null) {
            res.append(caption).append('\n');
        }
        int maxCols = width.size();
        for (int r = 0; r < rows.size(); r++) {
            List<String> cols = rows.get(r);
            res.append("| ");
            for (int i = 0; i < maxCols; i++) {
                String c = i < cols.size() ? cols.get(i) : "";
                res.append(c)
                        .append(" ".repeat(Math.max(0, width.get(i) - c.length())))
                        .append(" |")
                        .append(i < maxCols - 1 ? " " : "");
            }
            res.append('\n');
            if (r == 0) {
                res.append('|');
                for (int w : width) {
                    res.append(' ').append("-".repeat(w)).append(" |");
                }
                res.append('\n');
            }
        }
        return res.toString();
    }

    /** Lines with the line break that ended each ({@code \r\n}, {@code \r}, {@code \n}, or none for the last). */
    static List<String[]> splitSpecial(String s) {
        List<String[]> lines = new ArrayList<>();
        int len = s.length();
        int start = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            String nl = c == '\r' ? (i + 1 < len && s.charAt(i + 1) == '\n' ? "\r\n" : "\r") : c == '\n' ? "\n" : "";
            int end;
            if (!nl.isEmpty()) {
                end = i;
            } else if (i == len - 1) {
                end = i + 1;
            } else {
                continue;
            }
            lines.add(new String[] {s.substring(start, end), nl});
            start = end + nl.length();
            if (nl.length() > 1) {
                i++;
            }
        }
        return lines;
    }
}
