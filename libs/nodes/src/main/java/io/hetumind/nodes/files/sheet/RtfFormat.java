package io.hetumind.nodes.files.sheet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTF tables as SheetJS 0.20.2 (what n8n 2.8.4 ships) writes and reads them ({@code \trowd … \cell … \row}), a
 * stub there copied as it is: cell text is written raw as UTF-8 (line breaks as {@code \par}, nothing escaped) and
 * read back as Latin-1, so non-ASCII text comes back garbled as in n8n; the text between control words is the cell,
 * typed (TRUE/FALSE, SheetJS's fuzzy numbers); RTF escapes (hex and Unicode ones) are not decoded.
 */
final class RtfFormat {

    private static final Pattern ROW = Pattern.compile("\\\\trowd[\\s\\S]*?\\\\row\\b");
    private static final Pattern CONTROL_WORD = Pattern.compile("\\\\[\\w\\-]+\\b");

    private RtfFormat() {}

    static byte[] write(Sheet sheet) {
        StringBuilder o = new StringBuilder("{\\rtf1\\ansi");
        int[] r = sheet.range();
        if (r != null) {
            for (int row = r[0]; row <= r[2]; row++) {
                o.append("\\trowd\\trautofit1");
                for (int col = r[1]; col <= r[3]; col++) {
                    o.append("\\cellx").append(col + 1);
                }
                o.append("\\pard\\intbl");
                for (int col = r[1]; col <= r[3]; col++) {
                    Cell cell = sheet.get(row, col);
                    o.append(' ');
                    if (cell != null) {
                        o.append(cell.display().replaceAll("[\\r\\n]", "\\\\par "));
                    }
                    o.append("\\cell");
                }
                o.append("\\pard\\intbl\\row");
            }
        }
        return o.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<Sheet> read(byte[] bytes) {
        String rtf = new String(bytes, StandardCharsets.ISO_8859_1);
        Matcher rows = ROW.matcher(rtf);
        Sheet sheet = new Sheet("Sheet1");
        int r = 0;
        int lastCol = 0;
        while (rows.find()) {
            lastCol = Math.max(lastCol, readRow(rows.group(), r++, sheet));
        }
        if (r == 0) {
            throw new SpreadsheetException("RTF missing table");
        }
        sheet.declareRange(0, 0, r - 1, lastCol);
        return List.of(sheet);
    }

    /** Reads one row's cells; returns the last column index reached. */
    private static int readRow(String row, int r, Sheet sheet) {
        Matcher m = CONTROL_WORD.matcher(row);
        StringBuilder payload = new StringBuilder();
        int last = 0;
        int c = -1;
        while (m.find()) {
            String data = row.substring(last, m.start());
            payload.append(data.startsWith(" ") ? data.substring(1) : data);
            switch (m.group()) {
                case "\\cell" -> {
                    c++;
                    if (!payload.isEmpty()) {
                        sheet.put(r, c, typed(payload.toString()));
                    }
                    payload.setLength(0);
                }
                case "\\par" -> payload.append('\n');
                default -> {}
            }
            last = m.end();
        }
        return c;
    }

    private static Cell typed(String v) {
        if (v.equals("TRUE") || v.equals("FALSE")) {
            return new Cell(v.equals("TRUE"), v);
        }
        double n = CellText.fuzzyNumber(v);
        return Double.isNaN(n) ? Cell.of(v) : new Cell(n, v);
    }
}
