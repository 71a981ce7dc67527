package io.hetumind.nodes.files;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Convert to/from binary data (n8n's legacy Move Binary Data, v1 and v1.1): an item's JSON (or one field of it) to a
 * binary property, or a binary property's bytes to JSON or to one field. An item without the source is left out, as in
 * n8n. v1.1 names a file without a name {@code file.<extension>}; v1 leaves it unnamed and takes JSON as the type.
 */
public final class MoveBinaryDataNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.moveBinaryData")
            .versions(1, 1.1)
            .displayName("Convert to/from binary data")
            .description("Move data between binary and JSON properties")
            .group(NodeGroup.DATA)
            .icon("exchange-alt")
            .alias("n8n-nodes-base.moveBinaryData")
            .property(PropertySpec.options("mode")
                    .displayName("Mode")
                    .option("binaryToJson", "Binary to JSON", "Move data from Binary to JSON")
                    .option("jsonToBinary", "JSON to Binary", "Move data from JSON to Binary")
                    .defaultValue("binaryToJson"))
            .property(PropertySpec.bool("setAllData")
                    .displayName("Set All Data")
                    .description("Whether all JSON data should be replaced with the data retrieved from binary key")
                    .defaultValue(true)
                    .showWhen("mode", "binaryToJson"))
            .property(PropertySpec.string("sourceKey")
                    .displayName("Source Key")
                    .description("The name of the binary key to get data from (a dot path)")
                    .defaultValue("data")
                    .required()
                    .showWhen("mode", "binaryToJson"))
            .property(PropertySpec.string("destinationKey")
                    .displayName("Destination Key")
                    .description("The name the JSON key to copy data to (a dot path)")
                    .defaultValue("data")
                    .required()
                    .showWhen("mode", "binaryToJson")
                    .showWhen("setAllData", false))
            .property(PropertySpec.bool("convertAllData")
                    .displayName("Convert All Data")
                    .description("Whether all JSON data should be converted to binary")
                    .defaultValue(true)
                    .showWhen("mode", "jsonToBinary"))
            .property(PropertySpec.string("sourceKey")
                    .displayName("Source Key")
                    .description("The name of the JSON key to get data from (a dot path)")
                    .defaultValue("data")
                    .required()
                    .showWhen("convertAllData", false)
                    .showWhen("mode", "jsonToBinary"))
            .property(PropertySpec.string("destinationKey")
                    .displayName("Destination Key")
                    .description("The name the binary key to copy data to (a dot path)")
                    .defaultValue("data")
                    .required()
                    .showWhen("mode", "jsonToBinary"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("addBOM").displayName("Add Byte Order Mark (BOM)"))
                    .child(PropertySpec.bool("dataIsBase64").displayName("Data Is Base64"))
                    .child(PropertySpec.string("encoding")
                            .displayName("Encoding")
                            .description("iconv-lite's name of the text's encoding: utf8, latin1, windows1252 …")
                            .defaultValue("utf8"))
                    .child(PropertySpec.bool("stripBOM")
                            .displayName("Strip BOM")
                            .defaultValue(true))
                    .child(PropertySpec.string("fileName").displayName("File Name"))
                    .child(PropertySpec.bool("jsonParse").displayName("JSON Parse"))
                    .child(PropertySpec.bool("keepSource").displayName("Keep Source"))
                    .child(PropertySpec.bool("keepAsBase64").displayName("Keep As Base64"))
                    .child(PropertySpec.string("mimeType")
                            .displayName("MIME Type")
                            .defaultValue("application/json"))
                    .child(PropertySpec.bool("useRawData").displayName("Use Raw Data")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws IOException {
        String mode = ctx.param("mode", 0, String.class, "binaryToJson");
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Item converted =
                    switch (mode) {
                        case "binaryToJson" -> binaryToJson(ctx, i, item);
                        case "jsonToBinary" -> jsonToBinary(ctx, i, item);
                        default -> throw NodeException.user("The operation \"" + mode + "\" is not known!", i);
                    };
            if (converted != null) {
                out.add(converted);
            }
        }
        return NodeResult.of(out);
    }

    /** null when the item has no such binary property (n8n skips the item). */
    private static Item binaryToJson(NodeContext ctx, int i, Item item) throws IOException {
        boolean setAllData = ctx.param("setAllData", i, Boolean.class, true);
        String sourceKey = ctx.param("sourceKey", i, String.class, "data");
        BinaryRef source = item.binary().get(sourceKey);
        if (source == null) {
            return null;
        }
        Charset charset = Charsets.of(ctx.param("options.encoding", i, String.class, "utf8"), i);
        // iconv-lite strips a byte-order mark unless told not to
        boolean stripBom = ctx.param("options.stripBOM", i, Boolean.class, true);
        byte[] bytes = BinaryFiles.store(ctx, i).read(source);
        ObjectNode json;
        if (setAllData) {
            json = object(parse(Charsets.decode(bytes, charset, stripBom), i), i);
        } else {
            json = item.json().deepCopy();
            JsonNode value = ctx.param("options.keepAsBase64", i, Boolean.class, false)
                    ? Json.F.textNode(Base64.getEncoder().encodeToString(bytes))
                    : Json.F.textNode(Charsets.decode(bytes, charset, stripBom));
            if (ctx.param("options.jsonParse", i, Boolean.class, false)) {
                value = parse(value.textValue(), i);
            }
            JsonPaths.set(json, ctx.param("destinationKey", i, String.class, "data"), value, true);
        }
        Map<String, BinaryRef> binary = item.binary();
        if (!ctx.param("options.keepSource", i, Boolean.class, false)) {
            binary = new LinkedHashMap<>(binary);
            binary.remove(sourceKey);
        }
        return new Item(json, binary, new PairedItem(i, 0));
    }

    /** null when the JSON field to convert is missing (n8n skips the item). */
    private static Item jsonToBinary(NodeContext ctx, int i, Item item) throws IOException {
        boolean convertAll = ctx.param("convertAllData", i, Boolean.class, true);
        String destinationKey = ctx.param("destinationKey", i, String.class, "data");
        String sourceKey = ctx.param("sourceKey", i, String.class, "data");
        JsonNode value = convertAll ? item.json() : JsonPaths.get(item.json(), sourceKey, true);
        if (value == null || value.isMissingNode()) {
            return null;
        }
        Charset charset = Charsets.of(ctx.param("options.encoding", i, String.class, "utf8"), i);
        // only a MIME type the user added counts (the descriptor's default is what the editor fills in on adding it)
        String mimeType =
                ctx.rawParam("options.mimeType") == null ? "" : ctx.param("options.mimeType", i, String.class, "");
        byte[] data;
        if (!ctx.param("options.dataIsBase64", i, Boolean.class, false)) {
            String text;
            if (!ctx.param("options.useRawData", i, Boolean.class, false)
                    || value.isContainerNode()
                    || value.isNull()) {
                // JSON.stringify; typeof null is "object" too
                text = JsJson.stringify(value, false);
                if (mimeType.isEmpty()) {
                    mimeType = "application/json";
                }
            } else {
                // iconv-lite encodes "" + (value || "")
                text = Js.truthy(value) ? Js.toString(value, false) : "";
            }
            data = Charsets.encode(text, charset, ctx.param("options.addBOM", i, Boolean.class, false));
        } else {
            data = BinaryFiles.nodeBase64(Js.toString(value, false));
        }
        double version = ctx.node().typeVersion();
        if (mimeType.isEmpty() && version == 1) {
            mimeType = "application/json";
        }
        String fileName = ctx.param("options.fileName", i, String.class, "");
        BinaryRef stored = version > 1
                ? BinaryFiles.put(ctx, i, data, fileName, mimeType)
                : BinaryFiles.putUnnamed(ctx, i, data, fileName, mimeType);
        Map<String, BinaryRef> binary = new LinkedHashMap<>(item.binary());
        binary.put(destinationKey, stored);
        ObjectNode json;
        if (ctx.param("options.keepSource", i, Boolean.class, false)) {
            json = item.json();
        } else if (convertAll) {
            json = Json.object();
        } else {
            json = item.json().deepCopy();
            JsonPaths.unset(json, sourceKey, true);
        }
        return new Item(json, binary, new PairedItem(i, 0));
    }

    private static JsonNode parse(String text, int i) {
        try {
            return Json.parse(text);
        } catch (RuntimeException e) {
            throw NodeException.user("The data is not valid JSON: " + message(e) + " [item " + i + "]", i);
        }
    }

    private static String message(RuntimeException e) {
        return e.getCause() instanceof JsonProcessingException j
                ? j.getOriginalMessage()
                : String.valueOf(e.getMessage());
    }

    /** An item's JSON must be an object: n8n would take any value, which nothing downstream could read. */
    private static ObjectNode object(JsonNode value, int i) {
        if (value instanceof ObjectNode o) {
            return o;
        }
        throw NodeException.user(
                "The data is JSON but not an object (" + Js.typeOf(value) + "): an item's JSON must be an object;"
                        + " turn off \"Set All Data\" to put it in a field [item " + i + "]",
                i);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
