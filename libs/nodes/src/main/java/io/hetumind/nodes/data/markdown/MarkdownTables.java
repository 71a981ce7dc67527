package io.hetumind.nodes.data.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jsoup.nodes.Element;

/** Writes an HTML table as a GitHub-flavoured Markdown table (first row as header). */
final class MarkdownTables {

    private MarkdownTables() {}

    static void render(Element table, Function<Element, String> cellText, StringBuilder out) {
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : table.select("tr")) {
            if (tr.closest("table") != table) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (Element cell : tr.children()) {
                if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                    cells.add(cellText.apply(cell).strip().replace("\n", " ").replace("|", "\\|"));
                }
            }
            rows.add(cells);
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        if (columns == 0) {
            return;
        }
        // node-html-markdown pads each column to its widest cell, and the separator row is that many dashes
        int[] width = new int[columns];
        for (List<String> cells : rows) {
            for (int c = 0; c < cells.size(); c++) {
                width[c] = Math.max(width[c], cells.get(c).length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = rows.get(r);
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < columns; c++) {
                String cell = c < cells.size() ? cells.get(c) : "";
                line.append(' ')
                        .append(cell)
                        .append(" ".repeat(width[c] - cell.length()))
                        .append(" |");
            }
            out.append(r == 0 ? "" : "\n").append(line);
            if (r == 0) {
                out.append("\n|");
                for (int w : width) {
                    out.append(' ').append("-".repeat(w)).append(" |");
                }
            }
        }
    }
}
