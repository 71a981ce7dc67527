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

    /**
     * Reading options: n8n's csv option names; {@code skipRecordsWithErrors} is csv-parse's {@code
     * skip_records_with_error} (a record with a parse error is left out and counted, instead of failing the read).
     */
    record ReadOptions(
            String delimiter,
            int fromLine,
            int maxRowCount,
            boolean headerRow,
            boolean relaxQuotes,
            boolean skipRecordsWithErrors) {

        ReadOptions(String delimiter, int fromLine, int maxRowCount, boolean headerRow, boolean relaxQuotes) {
            this(delimiter, fromLine, maxRowCount, headerRow, relaxQuotes, false);
        }
    }

    /**
     * n8n's "Skip Records With Errors" option (a fixed collection with one group, {@code value}); adding it in the
     * form turns skipping on.
     */
    static io.hetumind.core.spi.PropertySpec.Builder skipRecordsWithErrorsOption() {
        return io.hetumind.core.spi.PropertySpec.fixedCollection("skipRecordsWithErrors")
                .displayName("Skip Records With Errors")
                .defaultValue(Json.parse("{\"value\":{\"enabled\":true,\"maxSkippedRecords\":-1}}"))
                .child(io.hetumind.core.spi.PropertySpec.collection("value")
                        .displayName("Value")
                        .child(io.hetumind.core.spi.PropertySpec.bool("enabled")
                                .displayName("Enabled")
                                .description("Whether to leave out records with errors (unclosed or stray quotes, a"
                                        + " wrong number of fields) instead of failing"))
                        .child(io.hetumind.core.spi.PropertySpec.number("maxSkippedRecords")
                                .displayName("Max Skipped Records")
                                .defaultValue(-1)
                                .description("Fail when more errors than this were skipped; -1 (or 0) for no limit")));
    }

    /** The errors csv-parse would have reported as {@code skip} events: one per error, a record may have several. */
    static final class Skipped {
        private int count;

        int count() {
            return count;
        }

        /** With {@code o.skipRecordsWithErrors()}, counts the error; else it is thrown. */
        void error(ReadOptions o, String message) {
            if (!o.skipRecordsWithErrors()) {
                throw new IllegalArgumentException(message);
            }
            count++;
        }
    }

    /**
     * Parses {@code text} into records (lists of fields) as csv-parse 5.5 does, honouring {@code fromLine} (1-based)
     * and quoting: the first record (after {@code fromLine}) is the header when there is one, and every record must
     * have its length (without a header, the first record's), a blank line being a record of one empty field.
     */
    static List<List<String>> parse(String text, ReadOptions o) {
        return parse(text, o, new Skipped());
    }

    /**
     * As {@link #parse(String, ReadOptions)}: with {@code skipRecordsWithErrors}, after an error the character is kept
     * in the field and parsing goes on (a closing quote followed by a character leaves the field quoted), and the
     * record is left out when it ends; each error counts in {@code skipped}.
     */
    static List<List<String>> parse(String text, ReadOptions o, Skipped skipped) {
        return new Reader(text, o, skipped, true).read();
    }

    /** Records with any number of fields and no blank lines, for readers that take rows of any length (SheetJS's). */
    static List<List<String>> parseRows(String text) {
        return new Reader(text, new ReadOptions(",", 0, -1, false, true), new Skipped(), false).read();
    }

    /** csv-parse's state machine, one pass over the text. */
    private static final class Reader {
        private final String text;
        private final ReadOptions o;
        private final Skipped skipped;
        private final boolean strict;
        private final String d;
        private final List<List<String>> records = new ArrayList<>();
        private List<String> record = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private boolean quoted;
        private boolean wasQuoted;
        private boolean recordHasError;
        private boolean lastFieldQuoted;
        private boolean headerSeen;
        private int expectedLength = -1;
        private int emitted;
        // csv-parse 5's info.lines: a line counts when a character follows a CR or LF, quoted or not (a CRLF record
        // delimiter is stepped over as one); its messages quote it
        private int lines = 1;
        private int recordLine = 1;

        Reader(String text, ReadOptions o, Skipped skipped, boolean strict) {
            this.text = text;
            this.o = o;
            this.skipped = skipped;
            this.strict = strict;
            this.d = o.delimiter();
        }

        List<List<String>> read() {
            boolean wasRowDelimiter = false;
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (wasRowDelimiter) {
                    lines++;
                    wasRowDelimiter = false;
                }
                if (c == '\r' || c == '\n') {
                    wasRowDelimiter = true;
                }
                if (quoted) {
                    i = quotedChar(c, i);
                } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    i++;
                } else if (text.startsWith(d, i)) {
                    endField();
                    i += d.length();
                } else if (c == '\n' || c == '\r') {
                    i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                    endField();
                    endRecord();
                    recordLine = lines + 1;
                } else {
                    if (c == '"' && !o.relaxQuotes()) {
                        error("Invalid Opening Quote: a quote is found on field " + column() + " at line " + lines
                                + ", value is " + Json.write(Json.F.textNode(field.toString())));
                    }
                    field.append(c);
                    i++;
                }
            }
            if (quoted) {
                // when skipped, the unfinished record is never emitted
                error("Quote Not Closed: the parsing is finished with an opening quote at line " + lines);
            } else if (!field.isEmpty() || !record.isEmpty() || wasQuoted) {
                endField();
                endRecord();
            }
            return records;
        }

        /** Character {@code c} at {@code i} inside quotes; answers where to go on. */
        private int quotedChar(char c, int i) {
            if (c != '"') {
                field.append(c);
                return i + 1;
            }
            int next = i + 1;
            if (next < text.length() && text.charAt(next) == '"') {
                field.append('"');
                return i + 2;
            }
            if (next >= text.length()
                    || text.startsWith(d, next)
                    || text.charAt(next) == '\n'
                    || text.charAt(next) == '\r') {
                quoted = false;
            } else if (o.relaxQuotes()) {
                // csv-parse: the quotes stop, and both quotes stay in the field
                quoted = false;
                field.insert(0, '"').append('"');
            } else {
                error("Invalid Closing Quote: got \"" + text.charAt(next) + "\" at line " + lines
                        + " instead of delimiter, record delimiter, trimable character (if activated) or comment");
                field.append(c);
            }
            return next;
        }

        /** csv-parse's info.column: the header's name of the field being read, else its index. */
        private String column() {
            List<String> header = o.headerRow() && headerSeen ? records.getFirst() : null;
            if (header == null) {
                return Integer.toString(record.size());
            }
            return record.size() < header.size() ? Json.write(Json.F.textNode(header.get(record.size()))) : "null";
        }

        private void error(String message) {
            skipped.error(o, message);
            recordHasError = true;
        }

        private void endField() {
            record.add(field.toString());
            field.setLength(0);
            lastFieldQuoted = wasQuoted;
            wasQuoted = false;
        }

        /** csv-parse's onRecord: the header, a length check, then the record unless it had an error. */
        private void endRecord() {
            List<String> done = record;
            record = new ArrayList<>();
            if (recordLine < o.fromLine()) {
                recordHasError = false;
                return;
            }
            if (!strict) {
                if (!(done.size() == 1 && done.getFirst().isEmpty() && !lastFieldQuoted)) {
                    records.add(done);
                }
                return;
            }
            if (o.headerRow() && !headerSeen) {
                // csv-parse takes the first record as the header even when it had an error, and leaves the error
                // flag to the record after it
                headerSeen = true;
                expectedLength = done.size();
                records.add(done);
                return;
            }
            if (!o.headerRow() && emitted == 0) {
                expectedLength = done.size();
            }
            if (done.size() != expectedLength) {
                error(
                        o.headerRow()
                                ? "Invalid Record Length: columns length is " + expectedLength + ", got " + done.size()
                                        + " on line " + lines
                                : "Invalid Record Length: expect " + expectedLength + ", got " + done.size()
                                        + " on line " + lines);
            }
            if (recordHasError) {
                recordHasError = false;
                return;
            }
            emitted++;
            records.add(done);
        }
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
