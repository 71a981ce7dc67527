package io.hetumind.nodes.files.sheet;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A1-style cell references: {@code B3} → row 2, column 1; ranges {@code A1:C5}. */
final class A1 {

    private static final Pattern CELL = Pattern.compile("\\$?([A-Za-z]{1,3})\\$?(\\d{1,7})");

    private A1() {}

    /** {first row, first column, last row, last column} of {@code A1:C5} (or one cell {@code B2}). */
    static int[] decodeRange(String range) {
        String[] parts = range.split(":", 2);
        int[] s = cell(parts[0]);
        int[] e = parts.length > 1 ? cell(parts[1]) : s;
        return new int[] {Math.min(s[0], e[0]), Math.min(s[1], e[1]), Math.max(s[0], e[0]), Math.max(s[1], e[1])};
    }

    static int[] cell(String ref) {
        Matcher m = CELL.matcher(ref.strip());
        if (!m.matches()) {
            throw new SpreadsheetException("the range '" + ref + "' is not an A1-style reference such as A1:C5");
        }
        int col = 0;
        for (char ch : m.group(1).toUpperCase(Locale.ROOT).toCharArray()) {
            col = col * 26 + (ch - 'A' + 1);
        }
        return new int[] {Integer.parseInt(m.group(2)) - 1, col - 1};
    }

    static String encode(int row, int col) {
        StringBuilder letters = new StringBuilder();
        for (int c = col + 1; c > 0; c = (c - 1) / 26) {
            letters.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return letters.toString() + (row + 1);
    }
}
