package io.hetumind.nodes.files.sheet;

import java.util.Map;
import java.util.TreeMap;

/** A named sheet: cells by zero-based row and column, only the ones that hold something. */
public final class Sheet {

    /** The most cells a read sheet may hold, so a small file cannot expand into an unbounded table. */
    public static final int MAX_CELLS = 5_000_000;

    private final String name;
    private final TreeMap<Integer, TreeMap<Integer, Cell>> rows = new TreeMap<>();
    private int count;
    private int[] declared;

    public Sheet(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void put(int row, int col, Cell cell) {
        if (rows.computeIfAbsent(row, r -> new TreeMap<>()).put(col, cell) == null && ++count > MAX_CELLS) {
            throw new SpreadsheetException("the sheet '" + name + "' has more than " + MAX_CELLS + " cells");
        }
    }

    public Cell get(int row, int col) {
        TreeMap<Integer, Cell> r = rows.get(row);
        return r == null ? null : r.get(col);
    }

    public Map<Integer, TreeMap<Integer, Cell>> rows() {
        return rows;
    }

    /** Widens the used range to at least this one (a file's own dimension: empty styled cells count). */
    public void declareRange(int firstRow, int firstCol, int lastRow, int lastCol) {
        declared = new int[] {firstRow, firstCol, lastRow, lastCol};
    }

    /** The used range {first row, first column, last row, last column}, or null for an empty sheet. */
    public int[] range() {
        int[] r = declared == null ? null : declared.clone();
        for (var row : rows.entrySet()) {
            if (row.getValue().isEmpty()) {
                continue;
            }
            int fc = row.getValue().firstKey();
            int lc = row.getValue().lastKey();
            if (r == null) {
                r = new int[] {row.getKey(), fc, row.getKey(), lc};
            } else {
                r[0] = Math.min(r[0], row.getKey());
                r[1] = Math.min(r[1], fc);
                r[2] = Math.max(r[2], row.getKey());
                r[3] = Math.max(r[3], lc);
            }
        }
        return r;
    }
}
