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
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = rows.get(r);
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < columns; c++) {
                line.append(' ').append(c < cells.size() ? cells.get(c) : "").append(" |");
            }
            out.append(r == 0 ? "" : "\n").append(line);
            if (r == 0) {
                out.append("\n|").append(" --- |".repeat(columns));
            }
        }
    }
}
