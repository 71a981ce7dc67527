package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.nodes.files.sheet.CellText;
import io.hetumind.nodes.files.sheet.Sheet;
import io.hetumind.nodes.files.sheet.SheetJson;
import io.hetumind.nodes.files.sheet.SpreadsheetException;
import io.hetumind.nodes.files.sheet.Spreadsheets;
import io.hetumind.nodes.internal.PerItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spreadsheet half of Convert to File, Extract From File and Spreadsheet File: all items into one sheet
 * ({@code convertJsonToSpreadsheetBinary}), and a file's sheet back to items (n8n's {@code fromFile} operation).
 */
final class SpreadsheetIo {

    private SpreadsheetIo() {}

    /** One item holding a file of every input item's flattened JSON; options are read at item 0. */
    static NodeResult toFile(NodeContext ctx, String format, String defaultBaseName) {
        try {
            List<Map<String, JsonNode>> rows = new ArrayList<>();
            ctx.items().forEach(item -> rows.add(Csv.flatten(item.json())));
            boolean header = ctx.param("options.headerRow", 0, Boolean.class, true);
            byte[] bytes;
            if (format.equals("csv")) {
                // SheetJS writes CSV to a buffer with a UTF-8 byte-order mark first
                bytes = ("\uFEFF" + Csv.write(rows, ",", header)).getBytes(StandardCharsets.UTF_8);
            } else {
                String sheetName = ctx.param("options.sheetName", 0, String.class, "");
                Sheet sheet = SheetJson.toSheet(sheetName.isEmpty() ? "Sheet" : sheetName, rows, header);
                bytes = Spreadsheets.write(format, sheet, ctx.param("options.compression", 0, Boolean.class, false));
            }
            String fileName = ctx.rawParam("options.fileName") == null
                    ? defaultBaseName + "." + format
                    : ctx.param("options.fileName", 0, String.class, "");
            String mime = BinaryFiles.mimeByName(fileName);
            BinaryRef ref =
                    BinaryFiles.put(ctx, 0, bytes, fileName, mime == null ? Spreadsheets.mimeType(format) : mime);
            String property = ctx.param("binaryPropertyName", 0, String.class, "data");
            // one file of every item: n8n pairs it with them all
            return NodeResult.of(List.of(new Item(Json.object(), Map.of(property, ref), null)
                    .pairedWithFirst(ctx.items().size())));
        } catch (SpreadsheetException e) {
            if (ctx.continueOnFail()) {
                return NodeResult.of(List.of(PerItem.errorItem(e.getMessage(), 0)));
            }
            throw NodeException.user(e.getMessage() + " [item 0]", 0);
        } catch (IOException e) {
            throw NodeException.operational("could not store the file: " + e.getMessage(), e);
        }
    }

    /**
     * The rows of item {@code i}'s file, one item each: the row object, or {@code {row: [...]}} without a header
     * row. As n8n's {@code fromFile}: {@code csv} (or {@code autodetect} for a file typed as CSV) is read with
     * csv-parse; any other format is read by the file's content as SheetJS reads it (the format asked for only
     * names the error), plain text as CSV with typed cells. {@code legacy} (Spreadsheet File v1) never uses
     * csv-parse, decodes text as SheetJS's {@code readFile} with code page 65001 does, and reports errors as they are.
     */
    static List<Item> fromFile(NodeContext ctx, int i, Item item, String format, boolean legacy) throws IOException {
        String property = ctx.param("binaryPropertyName", i, String.class, "data");
        BinaryRef ref = item.binary().get(property);
        byte[] bytes = BinaryFiles.read(ctx, i, item, property);
        boolean header = ctx.param("options.headerRow", i, Boolean.class, true);
        String f = format;
        if (!legacy
                && f.equals("autodetect")
                && ("text/csv".equals(ref.mimeType())
                        || ("text/plain".equals(ref.mimeType()) && "csv".equals(ref.fileExtension())))) {
            f = "csv";
        }
        if (!legacy && f.equals("csv")) {
            return ExtractFromFileNode.csvItems(ctx, i, bytes);
        }
        List<JsonNode> rows;
        try {
            boolean raw = ctx.param("options.rawData", i, Boolean.class, false);
            String read = Spreadsheets.detect(bytes);
            List<Sheet> sheets = read.equals("text")
                    ? List.of(textSheet(sheetJsText(bytes, legacy), raw))
                    : Spreadsheets.read(read, bytes, raw);
            rows = sheetRows(ctx, i, sheets, header);
        } catch (SpreadsheetException e) {
            String ext = ref.fileExtension();
            // n8n compares the file's extension with the format asked for, autodetect included: a damaged
            // .xlsx read with autodetect is "not in autodetect format" there, and so here
            String message = !legacy && ext != null && !ext.equals(f)
                    ? "The file selected in 'Input Binary Field' is not in " + f + " format"
                    : e.getMessage();
            throw NodeException.user(message, i);
        }
        List<Item> out = new ArrayList<>();
        for (JsonNode row : rows) {
            ObjectNode json = header ? (ObjectNode) row : Json.object().set("row", row);
            out.add(new Item(json, Map.of(), new PairedItem(i, 0)));
        }
        return out;
    }

    /**
     * Text as SheetJS decodes a plain-text file. Read from a buffer (n8n's v2) it is Latin-1 unless a UTF-8
     * byte-order mark starts it. Read from the stored file with code page 65001 (v1; n8n 2.x keeps binaries on
     * disk) it is UTF-8, but after a byte-order mark SheetJS drops three characters of the decoded text and
     * decodes the rest a second time: the first header loses two characters and non-ASCII text is garbled, and
     * that is what n8n outputs, so it is copied here.
     */
    static String sheetJsText(byte[] bytes, boolean legacy) {
        boolean bom = bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
        if (!legacy) {
            return bom
                    ? new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)
                    : new String(bytes, StandardCharsets.ISO_8859_1);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!bom) {
            return text;
        }
        String rest = text.substring(Math.min(3, text.length()));
        byte[] low = new byte[rest.length()];
        for (int k = 0; k < low.length; k++) {
            low[k] = (byte) rest.charAt(k);
        }
        return new String(low, StandardCharsets.UTF_8);
    }

    /** Plain text as SheetJS reads it: comma-separated cells, typed unless {@code raw}, in a sheet named Sheet1. */
    private static Sheet textSheet(String text, boolean raw) {
        Sheet sheet = new Sheet("Sheet1");
        List<List<String>> records = Csv.parseRows(text);
        for (int r = 0; r < records.size(); r++) {
            List<String> record = records.get(r);
            for (int c = 0; c < record.size(); c++) {
                if (!record.get(c).isEmpty()) {
                    sheet.put(r, c, CellText.parse(record.get(c), raw, null));
                }
            }
        }
        return sheet;
    }

    private static List<JsonNode> sheetRows(NodeParameters ctx, int i, List<Sheet> sheets, boolean header) {
        if (sheets.isEmpty()) {
            throw new SpreadsheetException("Spreadsheet does not have any sheets!");
        }
        Sheet sheet = sheets.getFirst();
        // n8n reads only the options the user set: an unset sheet name means the first sheet, not "Sheet"
        String wanted =
                ctx.rawParam("options.sheetName") == null ? "" : ctx.param("options.sheetName", i, String.class, "");
        if (!wanted.isEmpty()) {
            sheet = sheets.stream()
                    .filter(s -> s.name().equals(wanted))
                    .findFirst()
                    .orElseThrow(() ->
                            new SpreadsheetException("Spreadsheet does not contain sheet called \"" + wanted + "\"!"));
        }
        String range = ctx.param("options.range", i, String.class, "");
        return SheetJson.toJson(
                sheet,
                new SheetJson.ReadOptions(
                        range, header, ctx.param("options.includeEmptyCells", i, Boolean.class, false)));
    }
}
