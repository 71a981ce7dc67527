package io.hetumind.nodes.files.sheet;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RTF tables as SheetJS writes ({@code \trowd … \cell … \row}) and reads them: one sheet, cells typed. */
final class RtfFormat {

    private static final Pattern ROW = Pattern.compile("\\\\trowd.*?\\\\row\\b", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile(
            "\\\\'([0-9a-fA-F]{2})|\\\\u(-?\\d+)\\??|\\\\([\\\\{}])|\\\\([a-zA-Z-]+)(-?\\d+)? ?|[{}]|\\r|\\n");

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
                        o.append(escape(cell.display()));
                    }
                    o.append("\\cell");
                }
                o.append("\\pard\\intbl\\row");
            }
        }
        return o.append('}').toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '{' || c == '}') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\par ");
            } else if (c == '\r') {
                continue;
            } else if (c > 127) {
                b.append("\\u").append((int) (short) c).append('?');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static List<Sheet> read(String rtf) {
        Matcher rows = ROW.matcher(rtf);
        Sheet sheet = new Sheet("Sheet1");
        int r = 0;
        boolean any = false;
        while (rows.find()) {
            any = true;
            readRow(rows.group(), r++, sheet);
        }
        if (!any) {
            throw new SpreadsheetException("RTF missing table");
        }
        return List.of(sheet);
    }

    private static void readRow(String row, int r, Sheet sheet) {
        StringBuilder text = new StringBuilder();
        int c = 0;
        Matcher m = TOKEN.matcher(row);
        int last = 0;
        while (m.find()) {
            text.append(row, last, m.start());
            last = m.end();
            if (m.group(1) != null) {
                text.append((char) Integer.parseInt(m.group(1), 16));
            } else if (m.group(2) != null) {
                // \\uN takes a signed 16-bit code unit; its '?' fallback is part of the match
                text.append((char) (Integer.parseInt(m.group(2)) & 0xFFFF));
            } else if (m.group(3) != null) {
                text.append(m.group(3));
            } else if (m.group(4) != null) {
                switch (m.group(4)) {
                    case "cell" -> {
                        String v = text.toString();
                        if (v.startsWith(" ")) {
                            v = v.substring(1);
                        }
                        if (!v.isEmpty()) {
                            sheet.put(r, c, typed(v));
                        }
                        c++;
                        text.setLength(0);
                    }
                    case "par", "line" -> text.append('\n');
                    case "tab" -> text.append('\t');
                    default -> {}
                }
            }
        }
    }

    /** TRUE/FALSE and numbers are typed, as SheetJS's RTF reader does; dates stay text there. */
    private static Cell typed(String v) {
        if (v.equals("TRUE") || v.equals("FALSE")) {
            return new Cell(v.equals("TRUE"), v);
        }
        double n = CellText.fuzzyNumber(v);
        return Double.isNaN(n) ? Cell.of(v) : new Cell(n, v);
    }
}
