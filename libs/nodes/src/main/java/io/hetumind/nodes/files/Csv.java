package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV as n8n writes it (SheetJS: flattened keys as header, UTF-8 BOM, {@code \n} rows, TRUE/FALSE)
 * and reads it (csv-parse: RFC 4180 quoting, any line ending, strings only).
 */
final class Csv {

    private Csv() {}

    /** Items' JSON flattened to dot-notation keys, as n8n's {@code flattenObject}. */
    static Map<String, JsonNode> flatten(JsonNode json) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", json, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        for (var it = node.isArray() ? indexed(node) : node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isContainerNode()) {
                flatten(key + ".", e.getValue(), out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    private static java.util.Iterator<Map.Entry<String, JsonNode>> indexed(JsonNode array) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            entries.add(Map.entry(Integer.toString(i), array.get(i)));
        }
        return entries.iterator();
    }

    /** The CSV text (without BOM) for these rows; the header is the union of keys in first-seen order. */
    static String write(List<Map<String, JsonNode>> rows, String delimiter, boolean headerRow) {
        Set<String> header = new LinkedHashSet<>();
        rows.forEach(r -> header.addAll(r.keySet()));
        List<String> lines = new ArrayList<>();
        if (headerRow && !header.isEmpty()) {
            lines.add(String.join(
                    delimiter, header.stream().map(h -> quote(h, delimiter)).toList()));
        }
        for (Map<String, JsonNode> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String h : header) {
                cells.add(quote(cell(row.get(h)), delimiter));
            }
            lines.add(String.join(delimiter, cells));
        }
        return String.join("\n", lines);
    }

    private static String cell(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "TRUE" : "FALSE";
        }
        return v.isNumber() ? number(v.doubleValue()) : v.asText();
    }

    /**
     * A number as SheetJS writes it in General format: JavaScript's text, but an exponent is upper case and has at
     * least two digits (1e+21 is 1E+21, 1e-7 is 1E-07).
     */
    static String number(double d) {
        String s = Js.numberToString(d);
        int e = s.indexOf('e');
        if (e < 0) {
            return s;
        }
        String exponent = s.substring(e + 2);
        return s.substring(0, e) + "E" + s.charAt(e + 1) + (exponent.length() < 2 ? "0" : "") + exponent;
    }

    private static String quote(String s, String delimiter) {
        if (s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Reading options: n8n's csv option names. */
    record ReadOptions(String delimiter, int fromLine, int maxRowCount, boolean headerRow, boolean relaxQuotes) {}

    /** Parses {@code text} into records (lists of fields), honouring {@code fromLine} (1-based) and quoting. */
    static List<List<String>> parse(String text, ReadOptions o) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        String d = o.delimiter();
        int i = 0;
        // csv-parse 5's info.lines: a line counts when a character follows a CR or LF, quoted or not (a CRLF record
        // delimiter is stepped over as one); its end-of-input messages quote it
        int parsedLines = 1;
        boolean wasRowDelimiter = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (wasRowDelimiter) {
                parsedLines++;
                wasRowDelimiter = false;
            }
            if (c == '\r' || c == '\n') {
                wasRowDelimiter = true;
            }
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    field.append(c);
                }
                i++;
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                i++;
            } else if (text.startsWith(d, i)) {
                record.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                i += d.length();
            } else if (c == '\n' || c == '\r') {
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                record.add(field.toString());
                if (recordLine >= o.fromLine()
                        && !(record.size() == 1 && record.getFirst().isEmpty() && !wasQuoted)) {
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (c == '"' && !o.relaxQuotes()) {
                    throw new IllegalArgumentException("Invalid Opening Quote: a quote is found on field "
                            + record.size() + " at line " + line + ", value is \"" + field + "\"");
                }
                if (wasQuoted) {
                    throw new IllegalArgumentException("Invalid Closing Quote: got \"" + c + "\" at line " + line
                            + " instead of delimiter, record delimiter, trimable character (if activated) or comment");
                }
                field.append(c);
                i++;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(
                    "Quote Not Closed: the parsing is finished with an opening quote at line " + parsedLines);
        }
        if (!field.isEmpty() || !record.isEmpty() || wasQuoted) {
            record.add(field.toString());
            if (recordLine >= o.fromLine()) {
                records.add(record);
            }
        }
        return records;
    }

    /** Records as n8n items' JSON: by header names, or {@code {row: …}} without a header row. */
    static List<ObjectNode> toJson(List<List<String>> records, ReadOptions o, boolean includeEmptyCells) {
        List<ObjectNode> out = new ArrayList<>();
        List<String> header = null;
        int start = 0;
        if (o.headerRow() && !records.isEmpty()) {
            header = records.getFirst();
            start = 1;
        }
        for (int r = start; r < records.size(); r++) {
            if (o.maxRowCount() > -1 && out.size() >= o.maxRowCount()) {
                break;
            }
            List<String> rec = records.get(r);
            if (header != null && rec.size() != header.size()) {
                throw new IllegalArgumentException("Invalid Record Length: columns length is " + header.size()
                        + ", got " + rec.size() + " on line " + (r + 1));
            }
            ObjectNode values = Json.object();
            for (int f = 0; f < rec.size(); f++) {
                if (includeEmptyCells || !rec.get(f).isEmpty()) {
                    values.put(header != null ? header.get(f) : Integer.toString(f), rec.get(f));
                }
            }
            if (header != null) {
                out.add(values);
            } else {
                ObjectNode row = Json.object();
                if (includeEmptyCells) {
                    row.set("row", Json.valueToTree(rec));
                } else {
                    row.set("row", values);
                }
                out.add(row);
            }
        }
        return out;
    }
}
