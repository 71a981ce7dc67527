package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.nodes.files.sheet.Sheet;
import io.hetumind.nodes.files.sheet.SheetJson;
import io.hetumind.nodes.files.sheet.SpreadsheetException;
import io.hetumind.nodes.files.sheet.Spreadsheets;
import io.hetumind.nodes.internal.PerItem;
import java.io.IOException;
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
            String sheetName = ctx.param("options.sheetName", 0, String.class, "");
            Sheet sheet = SheetJson.toSheet(sheetName.isEmpty() ? "Sheet" : sheetName, rows, header);
            byte[] bytes = Spreadsheets.write(format, sheet, ctx.param("options.compression", 0, Boolean.class, false));
            String fileName = ctx.rawParam("options.fileName") == null
                    ? defaultBaseName + "." + format
                    : ctx.param("options.fileName", 0, String.class, "");
            String mime = BinaryFiles.mimeByName(fileName);
            BinaryRef ref =
                    BinaryFiles.put(ctx, 0, bytes, fileName, mime == null ? Spreadsheets.mimeType(format) : mime);
            String property = ctx.param("binaryPropertyName", 0, String.class, "data");
            return NodeResult.of(List.of(new Item(Json.object(), Map.of(property, ref), new PairedItem(0, 0))));
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
     * The rows of item {@code i}'s file read as {@code format} ({@code autodetect} looks at the content), one item
     * each: the row object, or {@code {row: [...]}} without a header row. A missing file is an error unless
     * {@code skipMissing} (Spreadsheet File v1 skips the item).
     */
    static List<Item> fromFile(NodeContext ctx, int i, Item item, String format, boolean skipMissing)
            throws IOException {
        String property = ctx.param("binaryPropertyName", i, String.class, "data");
        BinaryRef ref = item.binary().get(property);
        if (ref == null && skipMissing) {
            return List.of();
        }
        byte[] bytes = BinaryFiles.read(ctx, i, item, property);
        boolean header = ctx.param("options.headerRow", i, Boolean.class, true);
        List<JsonNode> rows;
        try {
            String f = format;
            if (f.equals("autodetect")) {
                f = "text/csv".equals(ref.mimeType())
                                || ("text/plain".equals(ref.mimeType()) && "csv".equals(ref.fileExtension()))
                        ? "csv"
                        : Spreadsheets.detect(bytes);
            }
            rows = f.equals("csv") || f.equals("text") ? null : sheetRows(ctx, i, f, bytes, header);
            if (rows == null) {
                return ExtractFromFileNode.csvItems(ctx, i, bytes, !f.equals("csv"));
            }
        } catch (SpreadsheetException e) {
            String ext = ref.fileExtension();
            String message = ext != null && !ext.equals(format) && !format.equals("autodetect")
                    ? "The file selected in 'Input Binary Field' is not in " + format + " format"
                    : e.getMessage();
            throw NodeException.user(message + " [item " + i + "]", i);
        }
        List<Item> out = new ArrayList<>();
        for (JsonNode row : rows) {
            ObjectNode json = header ? (ObjectNode) row : Json.object().set("row", row);
            out.add(new Item(json, Map.of(), new PairedItem(i, 0)));
        }
        return out;
    }

    private static List<JsonNode> sheetRows(NodeContext ctx, int i, String format, byte[] bytes, boolean header) {
        List<Sheet> sheets = Spreadsheets.read(format, bytes, ctx.param("options.rawData", i, Boolean.class, false));
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
                    .orElseThrow(() -> NodeException.user(
                            "Spreadsheet does not contain sheet called \"" + wanted + "\"! [item " + i + "]", i));
        }
        String range = ctx.param("options.range", i, String.class, "");
        return SheetJson.toJson(
                sheet,
                new SheetJson.ReadOptions(
                        range, header, ctx.param("options.includeEmptyCells", i, Boolean.class, false)));
    }
}
