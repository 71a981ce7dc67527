package io.hetumind.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Items to and from n8n's wire shape: {@code {"json": {…}, "binary": {…}, "pairedItem": {…}}}. */
public final class ItemCodec {

    private ItemCodec() {}

    public static ObjectNode write(Item item) {
        ObjectNode out = Json.object();
        out.set("json", item.json());
        if (!item.binary().isEmpty()) {
            out.set("binary", writeBinaries(item.binary()));
        }
        JsonNode pairing = writePairing(item);
        if (pairing != null) {
            out.set("pairedItem", pairing);
        }
        return out;
    }

    /** An item's binaries as n8n writes them, by property name. */
    public static ObjectNode writeBinaries(Map<String, BinaryRef> binary) {
        ObjectNode bin = Json.object();
        binary.forEach((key, ref) -> bin.set(key, writeBinary(ref)));
        return bin;
    }

    /**
     * An item's {@code pairedItem} as n8n writes it: {@code {item}} ({@code input} only after the first input), an
     * array of those for an item made of several input items, or null when it is paired with none.
     */
    public static JsonNode writePairing(Item item) {
        if (item.pairedItem() == null) {
            return item.explicitlyUnpaired() ? Json.array() : null;
        }
        if (item.otherPairs().isEmpty()) {
            ObjectNode one = Json.object();
            writePair(one, item.pairedItem());
            return one;
        }
        ArrayNode pairs = Json.array();
        for (PairedItem p : item.pairedItems()) {
            writePair(pairs.addObject(), p);
        }
        return pairs;
    }

    private static void writePair(ObjectNode out, PairedItem p) {
        out.put("item", p.item());
        if (p.input() != 0) {
            out.put("input", p.input());
        }
        if (p.sourceOverwrite() != null) {
            PairedItem.Source src = p.sourceOverwrite();
            out.putObject("sourceOverwrite")
                    .put("previousNode", src.node())
                    .put("previousNodeOutput", src.output())
                    .put("previousNodeRun", src.run());
        }
    }

    public static ArrayNode writeAll(List<Item> items) {
        ArrayNode arr = Json.array();
        for (Item i : items) {
            arr.add(write(i));
        }
        return arr;
    }

    /**
     * A binary reference in n8n 2.x's shape: {@code fileSize} as n8n's text ({@code "65.5 kB"}) and the exact count in
     * {@code bytes}.
     */
    public static ObjectNode writeBinary(BinaryRef ref) {
        ObjectNode b = Json.object();
        b.put("id", ref.id());
        putIfNotNull(b, "mimeType", ref.mimeType());
        putIfNotNull(b, "fileName", ref.fileName());
        putIfNotNull(b, "fileExtension", ref.fileExtension());
        putIfNotNull(b, "fileType", ref.fileType());
        b.put("fileSize", BinaryRef.prettySize(ref.fileSize()));
        b.put("bytes", ref.fileSize());
        return b;
    }

    private static void putIfNotNull(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    /**
     * Reads one item. A plain object without a {@code json} key is taken as the item's JSON,
     * as n8n does for pinned data written by hand.
     */
    public static Item read(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new WorkflowFormatException(path + ": an item must be an object, got " + node.getNodeType());
        }
        JsonNode json = node.get("json");
        if (json == null) {
            return Item.of((ObjectNode) node);
        }
        if (!json.isObject()) {
            throw new WorkflowFormatException(path + ".json: must be an object, got " + json.getNodeType());
        }
        Map<String, BinaryRef> binary = Map.of();
        JsonNode bin = node.get("binary");
        if (bin != null && bin.isObject()) {
            binary = new LinkedHashMap<>();
            for (var e : bin.properties()) {
                binary.put(e.getKey(), readBinary(e.getValue()));
            }
        }
        return new Item((ObjectNode) json, binary, null, pairs(node.get("pairedItem")));
    }

    /**
     * A {@code pairedItem} as n8n writes it — {@code {item, input?}}, a bare index, or an array of those — as a list;
     * anything else is no pairing.
     */
    public static List<PairedItem> pairs(JsonNode p) {
        if (p == null) {
            return List.of();
        }
        if (p.isArray()) {
            if (p.isEmpty()) {
                return Item.NO_PAIRS; // n8n's []: paired with nothing on purpose
            }
            List<PairedItem> out = new ArrayList<>(p.size());
            for (JsonNode one : p) {
                PairedItem pair = pair(one);
                if (pair != null) {
                    out.add(pair);
                }
            }
            return out;
        }
        PairedItem pair = pair(p);
        return pair == null ? List.of() : List.of(pair);
    }

    private static PairedItem pair(JsonNode p) {
        if (p.isObject() && p.has("item")) {
            PairedItem pair =
                    PairedItem.of(p.get("item").asInt(), p.path("input").asInt(0));
            JsonNode src = p.get("sourceOverwrite");
            return src != null && src.hasNonNull("previousNode")
                    ? pair.withSourceOverwrite(new PairedItem.Source(
                            src.get("previousNode").asText(),
                            src.path("previousNodeOutput").asInt(0),
                            src.path("previousNodeRun").asInt(0)))
                    : pair;
        }
        return p.isInt() ? PairedItem.of(p.asInt(), 0) : null;
    }

    /**
     * A binary reference from n8n's shape or an earlier one of ours: the size from {@code bytes}, else a numeric
     * {@code fileSize} (Hetumind before n8n's shape), else what n8n's {@code fileSize} text stands for, else 0.
     */
    public static BinaryRef readBinary(JsonNode b) {
        return new BinaryRef(
                b.path("id").asText(null),
                b.path("mimeType").asText(null),
                b.path("fileName").asText(null),
                b.path("fileExtension").asText(null),
                b.path("fileType").asText(null),
                size(b));
    }

    /** The byte count of a binary reference's JSON (see {@link #readBinary}). */
    public static long size(JsonNode b) {
        JsonNode bytes = b.path("bytes");
        if (bytes.isNumber()) {
            return bytes.asLong();
        }
        JsonNode size = b.path("fileSize");
        if (size.isNumber()) {
            return size.asLong();
        }
        return Math.max(0, BinaryRef.parseSize(size.asText("")));
    }

    public static List<Item> readAll(JsonNode array, String path) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (array.isObject()) {
            return List.of(read(array, path));
        }
        if (!array.isArray()) {
            throw new WorkflowFormatException(path + ": expected a list of items, got " + array.getNodeType());
        }
        List<Item> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(read(array.get(i), path + "[" + i + "]"));
        }
        return items;
    }
}
