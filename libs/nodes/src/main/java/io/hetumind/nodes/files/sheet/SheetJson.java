package io.hetumind.nodes.files.sheet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** SheetJS's {@code json_to_sheet} and {@code sheet_to_json} as n8n calls them. */
public final class SheetJson {

    private SheetJson() {}

    /** Options of {@code sheet_to_json}: the range (null, a start row, or an A1 range), header row, empty cells. */
    public record ReadOptions(String range, boolean headerRow, boolean includeEmptyCells) {}

    /**
     * A sheet of flattened rows: the union of keys in first-seen order as the header (left out without
     * {@code headerRow}), numbers, booleans and strings typed, nulls left empty.
     */
    public static Sheet toSheet(String name, List<Map<String, JsonNode>> rows, boolean headerRow) {
        Sheet sheet = new Sheet(name);
        Set<String> header = new LinkedHashSet<>();
        rows.forEach(r -> header.addAll(r.keySet()));
        int r = 0;
        if (headerRow) {
            int c = 0;
            for (String h : header) {
                sheet.put(0, c++, Cell.of(h));
            }
            r = 1;
        }
        for (Map<String, JsonNode> row : rows) {
            int c = 0;
            for (String h : header) {
                JsonNode v = row.get(h);
                if (v != null && !v.isNull()) {
                    sheet.put(r, c, Cell.of(value(v)));
                }
                c++;
            }
            r++;
        }
        if (!header.isEmpty() && r > 0) {
            sheet.declareRange(0, 0, r - 1, header.size() - 1);
        }
        return sheet;
    }

    private static Object value(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.asText();
    }

    /** The rows of {@code sheet}: objects keyed by the header row, or arrays without one (blank rows kept then). */
    public static List<JsonNode> toJson(Sheet sheet, ReadOptions options) {
        int[] used = sheet.range();
        if (used == null) {
            return List.of();
        }
        int[] r = used;
        if (options.range() != null && !options.range().isEmpty()) {
            String range = options.range().strip();
            if (!Double.isNaN(Js.toNumber(range))) {
                r = used.clone();
                r[0] = parseIntPrefix(range);
            } else {
                r = A1.decodeRange(range);
            }
        }
        boolean header = options.headerRow();
        List<String> keys = new ArrayList<>();
        if (header) {
            Map<String, Integer> seen = new HashMap<>();
            for (int c = r[1]; c <= r[3]; c++) {
                Cell cell = sheet.get(r[0], c);
                String v = cell == null ? "__EMPTY" : cell.display();
                String key = v;
                int counter = seen.getOrDefault(v, 0);
                if (counter == 0) {
                    seen.put(v, 1);
                } else {
                    do {
                        key = v + "_" + counter++;
                    } while (seen.containsKey(key));
                    seen.put(v, counter);
                    seen.put(key, 1);
                }
                keys.add(key);
            }
        }
        List<JsonNode> out = new ArrayList<>();
        for (int row = header ? r[0] + 1 : r[0]; row <= r[2]; row++) {
            TreeMap<Integer, Cell> cells = sheet.rows().get(row);
            if (header) {
                ObjectNode obj = Json.object();
                boolean empty = true;
                for (int c = r[1]; c <= r[3]; c++) {
                    Cell cell = cells == null ? null : cells.get(c);
                    String key = keys.get(c - r[1]);
                    if (cell == null) {
                        if (options.includeEmptyCells()) {
                            obj.put(key, "");
                        }
                        continue;
                    }
                    if (cell.value() == Cell.NULL_ERROR) {
                        obj.putNull(key);
                        continue;
                    }
                    obj.set(key, json(cell.value()));
                    empty = false;
                }
                if (!empty) {
                    out.add(obj);
                }
            } else {
                ArrayNode arr = Json.array();
                for (int c = r[1]; c <= r[3]; c++) {
                    Cell cell = cells == null ? null : cells.get(c);
                    int at = c - r[1];
                    if (cell == null) {
                        if (options.includeEmptyCells()) {
                            fill(arr, at);
                            arr.set(at, Json.F.textNode(""));
                        }
                        continue;
                    }
                    fill(arr, at);
                    arr.set(at, cell.value() == Cell.NULL_ERROR ? Json.F.nullNode() : json(cell.value()));
                }
                out.add(arr);
            }
        }
        return out;
    }

    private static void fill(ArrayNode arr, int index) {
        while (arr.size() <= index) {
            arr.addNull();
        }
    }

    private static JsonNode json(Object v) {
        return switch (v) {
            case Double d -> Js.number(d);
            case Boolean b -> Json.F.booleanNode(b);
            default -> Json.F.textNode(v.toString());
        };
    }

    /** JavaScript's {@code parseInt(s, 10)} for a numeric range: the leading integer. */
    private static int parseIntPrefix(String s) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^[+-]?\\d+").matcher(s.strip());
        return m.find() ? Math.max(0, Integer.parseInt(m.group())) : 0;
    }
}
