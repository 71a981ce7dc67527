package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Convert to File (n8n v1, v1.1): items to a CSV, HTML, RTF, ODS, XLS, XLSX or JSON file, each item to an iCal
 * event, a text field to a text file, base64 to bytes.
 */
public final class ConvertToFileNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = ConvertToFileDescriptor.build();
    private static final Pattern DATA_URI = Pattern.compile("^data:(.*?);base64,(.*)$", Pattern.DOTALL);
    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/=_-]+$");

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String operation = ctx.param("operation", 0, String.class, "csv");
        return switch (operation) {
            case "csv" -> NodeResult.of(List.of(wrap(() -> csv(ctx))));
            case "toJson" ->
                "each".equals(ctx.param("mode", 0, String.class, "once"))
                        ? PerItem.map(
                                ctx,
                                (i, item) -> List.of(
                                        file(ctx, i, item.json(), jsonText(ctx, i, item.json()), "application/json")))
                        : NodeResult.of(List.of(wrap(() -> allToJson(ctx))));
            case "toText" -> PerItem.map(ctx, (i, item) -> List.of(text(ctx, i, item, "text/plain", "file.txt")));
            case "toBinary" -> PerItem.map(ctx, (i, item) -> List.of(toBinary(ctx, i, item)));
            case "html", "rtf", "ods", "xls", "xlsx" -> SpreadsheetIo.toFile(ctx, operation, "File");
            case "iCal" -> PerItem.map(ctx, (i, item) -> List.of(iCal(ctx, i)));
            default ->
                throw NodeException.user("parameter 'operation': '" + operation
                        + "' is not supported (csv, html, iCal, toJson, ods, rtf, toText, xls, xlsx, toBinary)");
        };
    }

    private interface Work {
        Item run() throws IOException;
    }

    private static Item wrap(Work work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw NodeException.operational("could not store the file: " + e.getMessage(), e);
        }
    }

    private static Item csv(NodeContext ctx) throws IOException {
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        ctx.items().forEach(item -> rows.add(Csv.flatten(item.json())));
        String delimiter = ctx.param("options.delimiter", 0, String.class, ",");
        boolean header = ctx.param("options.headerRow", 0, Boolean.class, true);
        // SheetJS, which n8n writes CSV with, starts the file with a UTF-8 byte-order mark
        String text = "\uFEFF" + Csv.write(rows, delimiter.isEmpty() ? "," : delimiter, header);
        String fileName = ctx.rawParam("options.fileName") == null
                ? "File.csv"
                : ctx.param("options.fileName", 0, String.class, "");
        // one file of every item: n8n pairs it with them all
        return output(ctx, 0, text.getBytes(StandardCharsets.UTF_8), fileName, "text/csv", null)
                .pairedWithFirst(ctx.items().size());
    }

    private static Item allToJson(NodeContext ctx) throws IOException {
        var all = Json.array();
        ctx.items().forEach(item -> all.add(item.json()));
        return file(ctx, 0, all, jsonText(ctx, 0, all), "application/json")
                .pairedWithFirst(ctx.items().size());
    }

    private static String jsonText(NodeParameters ctx, int i, JsonNode value) {
        boolean pretty = ctx.param("options.format", i, Boolean.class, false);
        return JsJson.stringify(value, pretty);
    }

    private static Item file(NodeContext ctx, int i, JsonNode source, String text, String mime) throws IOException {
        byte[] bytes = Charsets.encode(text, charset(ctx, i), Charsets.bomOption(ctx, i, "addBOM", false));
        return output(ctx, i, bytes, fileName(ctx, i, null), mime, new PairedItem(i, 0));
    }

    private static Item text(NodeContext ctx, int i, Item item, String mime, String defaultName) throws IOException {
        JsonNode value = source(ctx, i, item);
        String text;
        if (value.isContainerNode()) {
            mime = "application/json";
            text = JsJson.stringify(value, false);
        } else {
            // iconv-lite encodes String(value || ""): falsy values become an empty file
            text = io.hetumind.nodes.internal.Js.truthy(value)
                    ? io.hetumind.nodes.internal.Js.toString(value, false)
                    : "";
        }
        byte[] bytes = Charsets.encode(text, charset(ctx, i), Charsets.bomOption(ctx, i, "addBOM", false));
        return output(ctx, i, bytes, fileName(ctx, i, defaultName), mime, new PairedItem(i, 0));
    }

    private static Item toBinary(NodeContext ctx, int i, Item item) throws IOException {
        String mime = ctx.param("options.mimeType", i, String.class, "");
        if (!ctx.param("options.dataIsBase64", i, Boolean.class, true)) {
            return text(ctx, i, item, mime.isEmpty() ? null : mime, null);
        }
        JsonNode value = source(ctx, i, item);
        String base64 =
                value.isTextual() ? value.textValue().trim() : io.hetumind.nodes.internal.Js.toString(value, true);
        Matcher uri = DATA_URI.matcher(base64);
        if (uri.matches()) {
            String media = uri.group(1).split(";")[0].trim();
            mime = mime.isEmpty() ? media : mime;
            base64 = uri.group(2);
        }
        String cleaned = base64.replaceAll("\\s+", "");
        if (!cleaned.isEmpty() && !BASE64.matcher(cleaned).matches()) {
            throw NodeException.user(
                    "The provided string is not valid base64 data. If you are trying to write plain text to a file,"
                            + " use the \"Convert to Text File\" operation instead. [item " + i + "]",
                    i);
        }
        return output(ctx, i, BinaryFiles.nodeBase64(cleaned), fileName(ctx, i, null), mime, new PairedItem(i, 0));
    }

    /** One event file per item (Convert to File's iCal, and the legacy iCalendar node's createEventFile). */
    static Item iCal(NodeContext ctx, int i) throws IOException {
        JsonNode additional = ctx.param("additionalFields", i, JsonNode.class, Json.object());
        if (additional.has("fileName")) {
            // n8n 2.8.4 hands every option on to the ics package, the file name too, and ics refuses a field it does
            // not know: the node fails (with an empty message) whenever "File Name" is set. Matched, with a message.
            throw NodeException.user(
                    "parameter 'additionalFields.fileName': n8n's iCal passes the file name on to the ics library,"
                            + " which refuses it, so n8n 2.8.4 fails here too; remove the option (the file is"
                            + " event.ics) [item " + i + "]",
                    i);
        }
        String start = ctx.param("start", i, String.class, "");
        String end = ctx.param("end", i, String.class, "");
        String ics = ICalendarWriter.write(new ICalendarWriter.Event(
                ctx.param("title", i, String.class, ""),
                start,
                // as n8n: an empty end is the start
                end.isEmpty() ? start : end,
                ctx.param("allDay", i, Boolean.class, false),
                additional,
                java.time.Instant.now(),
                i));
        return output(ctx, i, ics.getBytes(StandardCharsets.UTF_8), "event.ics", "text/calendar", new PairedItem(i, 0));
    }

    private static JsonNode source(NodeParameters ctx, int i, Item item) {
        String path = ctx.param("sourceProperty", i, String.class, "");
        JsonNode value = JsonPaths.get(item.json(), path);
        if (value == null || value.isMissingNode()) {
            throw NodeException.user("The value in \"" + path + "\" is not set", i);
        }
        return value;
    }

    private static Charset charset(NodeParameters ctx, int i) {
        return Charsets.of(ctx.param("options.encoding", i, String.class, "utf8"), i);
    }

    private static String fileName(NodeParameters ctx, int i, String fallback) {
        String name = ctx.param("options.fileName", i, String.class, "");
        return name.isEmpty() ? fallback : name;
    }

    private static Item output(NodeContext ctx, int i, byte[] bytes, String fileName, String mime, PairedItem paired)
            throws IOException {
        String property = ctx.param("binaryPropertyName", i, String.class, "data");
        BinaryRef ref = BinaryFiles.put(ctx, i, bytes, fileName, mime);
        return new Item(Json.object(), Map.of(property, ref), paired);
    }

    @Override
    public boolean replaySafe(Node node) {
        // what it writes goes to the execution's own binary store
        return true;
    }
}
