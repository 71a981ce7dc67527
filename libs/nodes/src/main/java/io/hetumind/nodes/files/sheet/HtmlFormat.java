package io.hetumind.nodes.files.sheet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** HTML tables as SheetJS writes them (typed {@code data-t} cells) and reads them (one sheet per table). */
final class HtmlFormat {

    private HtmlFormat() {}

    static byte[] write(Sheet sheet) {
        StringBuilder h = new StringBuilder(
                "<html><head><meta charset=\"utf-8\"/><title>SheetJS Table Export</title></head><body><table>");
        int[] r = sheet.range();
        if (r != null) {
            for (int row = r[0]; row <= r[2]; row++) {
                h.append("<tr>");
                for (int col = r[1]; col <= r[3]; col++) {
                    Cell cell = sheet.get(row, col);
                    String id = "sjs-" + A1.encode(row, col);
                    if (cell == null) {
                        h.append("<td id=\"").append(id).append("\"></td>");
                        continue;
                    }
                    String type =
                            switch (cell.value()) {
                                case Double d -> "n";
                                case Boolean b -> "b";
                                default -> "s";
                            };
                    String text = Xml.escape(cell.display());
                    h.append("<td data-t=\"")
                            .append(type)
                            .append("\" data-v=\"")
                            .append(text)
                            .append("\" id=\"")
                            .append(id)
                            .append("\">")
                            .append(text.replace("\n", "<br/>"))
                            .append("</td>");
                }
                h.append("</tr>");
            }
        }
        h.append("</table></body></html>");
        return h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<Sheet> read(String html, boolean raw) {
        Document doc = Jsoup.parse(html);
        List<Element> tables = doc.select("table");
        if (tables.isEmpty()) {
            throw new SpreadsheetException("Invalid HTML: could not find <table>");
        }
        List<Sheet> sheets = new ArrayList<>();
        for (Element table : tables) {
            Sheet sheet = new Sheet("Sheet" + (sheets.size() + 1));
            Set<Long> taken = new HashSet<>();
            int row = 0;
            for (Element tr : table.select("tr")) {
                if (tr.closest("table") != table) {
                    continue;
                }
                int col = 0;
                for (Element td : tr.children()) {
                    if (!td.nameIs("td") && !td.nameIs("th")) {
                        continue;
                    }
                    while (taken.contains(key(row, col))) {
                        col++;
                    }
                    int colspan = span(td.attr("colspan"));
                    int rowspan = span(td.attr("rowspan"));
                    for (int rr = 0; rr < rowspan; rr++) {
                        for (int cc = 0; cc < colspan; cc++) {
                            taken.add(key(row + rr, col + cc));
                        }
                    }
                    String text = td.wholeText().isBlank() ? td.text() : cellText(td);
                    if (!text.isEmpty()) {
                        sheet.put(row, col, CellText.parse(text, raw, td.attr("data-t")));
                    }
                    col += colspan;
                }
                row++;
            }
            sheets.add(sheet);
        }
        return sheets;
    }

    /** The cell's text with {@code <br>} as a line break and other whitespace collapsed. */
    private static String cellText(Element td) {
        Element copy = td.clone();
        copy.select("br").forEach(br -> br.replaceWith(new org.jsoup.nodes.TextNode("\u0000")));
        return copy.text().replace(" \u0000 ", "\n").replace("\u0000", "\n").strip();
    }

    private static long key(int row, int col) {
        return ((long) row << 32) | col;
    }

    private static int span(String v) {
        try {
            return v.isBlank() ? 1 : Math.max(1, Math.min(Integer.parseInt(v.strip()), 1000));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
