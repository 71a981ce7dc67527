package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.JsonPaths;
import io.hetumind.nodes.internal.PerItem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extract From File (n8n v1): CSV and spreadsheet (html, rtf, ods, xls, xlsx) rows as items, a JSON, iCalendar or
 * text file into a field, a PDF's text and info ({@link PdfText}), or the bytes as base64.
 */
public final class ExtractFromFileNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = ExtractFromFileDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String operation = ctx.param("operation", 0, String.class, "csv");
        return switch (operation) {
            case "csv" -> PerItem.map(ctx, (i, item) -> csv(ctx, i, item));
            case "html", "rtf", "ods", "xls", "xlsx" ->
                PerItem.map(ctx, (i, item) -> SpreadsheetIo.fromFile(ctx, i, item, operation, false));
            // n8n's xml operation moves the text as it is, like text
            case "fromJson", "text", "binaryToPropery", "fromIcs", "xml" ->
                PerItem.map(ctx, (i, item) -> moveTo(ctx, i, item, operation));
            case "pdf" -> PerItem.map(ctx, (i, item) -> pdf(ctx, i, item));
            default ->
                throw NodeException.user("parameter 'operation': '" + operation + "' is not supported (csv, html,"
                        + " fromIcs, fromJson, ods, rtf, text, xml, xls, xlsx, binaryToPropery)");
        };
    }

    private static List<Item> csv(NodeContext ctx, int i, Item item) throws Exception {
        String property = ctx.param("binaryPropertyName", i, String.class, "data");
        byte[] bytes = BinaryFiles.read(ctx, i, item, property);
        try {
            return csvItems(ctx, i, bytes);
        } catch (IllegalArgumentException e) {
            // n8n's spreadsheet read blames the file's type when its extension is not the format asked for
            BinaryRef ref = item.binary().get(property);
            String extension = ref == null ? null : ref.fileExtension();
            if (extension != null && !extension.isEmpty() && !extension.equals("csv")) {
                throw NodeException.user("The file selected in 'Input Binary Field' is not in csv format", i);
            }
            // n8n keeps csv-parse's own message: no item suffix
            throw NodeException.user(e.getMessage(), i);
        }
    }

    /** CSV rows of item {@code i}'s bytes as items, read as csv-parse reads them (all values strings). */
    static List<Item> csvItems(NodeParameters ctx, int i, byte[] bytes) {
        String text = Charsets.decode(
                bytes,
                Charsets.of(ctx.param("options.encoding", i, String.class, "utf8"), i),
                ctx.param("options.enableBOM", i, Boolean.class, false));
        String delimiter = ctx.param("options.delimiter", i, String.class, ",");
        Csv.ReadOptions options = new Csv.ReadOptions(
                delimiter.isEmpty() ? "," : delimiter,
                ctx.param("options.fromLine", i, Integer.class, 0),
                ctx.param("options.maxRowCount", i, Integer.class, -1),
                ctx.param("options.headerRow", i, Boolean.class, true),
                ctx.param("options.relaxQuotes", i, Boolean.class, false),
                ctx.param("options.skipRecordsWithErrors.value.enabled", i, Boolean.class, false));
        boolean includeEmpty = ctx.param("options.includeEmptyCells", i, Boolean.class, false);
        Csv.Skipped skipped = new Csv.Skipped();
        List<Item> out = new ArrayList<>();
        for (ObjectNode row : Csv.toJson(Csv.parse(text, options, skipped), options, includeEmpty)) {
            out.add(new Item(row, Map.of(), new PairedItem(i, 0)));
        }
        // n8n: a limit of 0 or less is no limit; the errors are counted, not the records
        int max = ctx.param("options.skipRecordsWithErrors.value.maxSkippedRecords", i, Integer.class, -1);
        if (options.skipRecordsWithErrors() && max > 0 && skipped.count() > max) {
            throw NodeException.user("Max number of skipped records exceeded", i);
        }
        return out;
    }

    private static List<Item> moveTo(NodeContext ctx, int i, Item item, String operation) throws Exception {
        String property = ctx.param("binaryPropertyName", i, String.class, "data");
        if (!item.binary().containsKey(property)) {
            // n8n skips items without the file instead of failing
            return List.of();
        }
        byte[] bytes = BinaryFiles.read(ctx, i, item, property);
        JsonNode value;
        if (operation.equals("binaryToPropery")) {
            value = Json.F.textNode(Base64.getEncoder().encodeToString(bytes));
        } else {
            String text = Charsets.decode(
                    bytes,
                    Charsets.of(ctx.param("options.encoding", i, String.class, "utf8"), i),
                    Charsets.bomOption(ctx, i, "stripBOM", true));
            value = switch (operation) {
                case "fromJson" -> parseJson(text, i);
                case "fromIcs" -> IcsReader.read(text, i);
                default -> Json.F.textNode(text);
            };
        }
        // n8n keeps the input JSON only when keepSource is set to json or both, not when left unset
        JsonNode keepNode = ctx.rawParam("options.keepSource");
        String keep = keepNode == null ? null : ctx.param("options.keepSource", i, String.class, "json");
        ObjectNode json = keep != null && !keep.equals("binary") ? item.json().deepCopy() : Json.object();
        JsonPaths.set(json, ctx.param("destinationKey", i, String.class, "data"), value, true);
        Map<String, BinaryRef> binary = new HashMap<>(item.binary());
        if (!"binary".equals(keep) && !"both".equals(keep)) {
            binary.remove(property);
        }
        return List.of(new Item(json, binary, new PairedItem(i, 0)));
    }

    /**
     * n8n's "Extract From PDF": the file's text and document info as the item's JSON; Keep Source as for the other
     * moves (the input JSON only when it is set to json or both, the PDF's field dropped unless binary or both).
     */
    private static List<Item> pdf(NodeContext ctx, int i, Item item) throws Exception {
        String property = ctx.param("binaryPropertyName", i, String.class, "data");
        byte[] bytes = BinaryFiles.read(ctx, i, item, property);
        JsonNode max = ctx.rawParam("options.maxPages") == null ? null : ctx.paramTree("options.maxPages", i);
        ObjectNode extracted = PdfText.read(
                bytes,
                ctx.param("options.password", i, String.class, ""),
                max == null || max.isNull() || max.isMissingNode() ? null : max.asInt(),
                ctx.param("options.joinPages", i, Boolean.class, true),
                i);
        String keep = ctx.rawParam("options.keepSource") == null
                ? null
                : ctx.param("options.keepSource", i, String.class, "json");
        ObjectNode json = keep != null && !keep.equals("binary") ? item.json().deepCopy() : Json.object();
        json.setAll(extracted);
        Map<String, BinaryRef> binary = new HashMap<>(item.binary());
        if (!"binary".equals(keep) && !"both".equals(keep)) {
            binary.remove(property);
        }
        return List.of(new Item(json, binary, new PairedItem(i, 0)));
    }

    private static JsonNode parseJson(String text, int i) {
        try {
            return Json.reader().readTree(text);
        } catch (Exception e) {
            throw NodeException.user("the file is not valid JSON: " + e.getMessage() + " [item " + i + "]", i);
        }
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
