package io.hetumind.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * n8n's normalisation and validation of what Code returns ({@code normalizeItems},
 * {@code validateRunCodeAllItems}, {@code validateRunCodeEachItem}), with n8n's messages.
 */
final class ItemValidation {

    static final Set<String> ITEM_KEYS = Set.of("json", "binary", "pairedItem", "error");

    private ItemValidation() {}

    /** Validates the result of a run over all items; null gives no items. */
    static List<Item> allItems(JsonNode result) {
        if (result.isNull()) {
            return List.of();
        }
        if (!result.isContainerNode()) {
            throw new ValidationError(
                    "Code doesn't return items properly",
                    "Please return an array of objects, one for each item you would like to output.",
                    -1);
        }
        if (result.isArray()) {
            boolean topLevelKeys = false;
            for (JsonNode element : result) {
                topLevelKeys |= element.isObject() && hasItemKey(element);
            }
            if (topLevelKeys) {
                for (int i = 0; i < result.size(); i++) {
                    checkTopLevelKeys(result.get(i), i);
                }
            }
        }
        List<JsonNode> normalized = normalize(result);
        List<Item> items = new ArrayList<>(normalized.size());
        for (int i = 0; i < normalized.size(); i++) {
            items.add(toItem(normalized.get(i), i));
        }
        return items;
    }

    /** Validates the result of a run for item {@code itemIndex}. */
    static Item eachItem(JsonNode result, int itemIndex) {
        if (!result.isContainerNode() && !result.isNull()) {
            throw new ValidationError(
                    "Code doesn't return an object",
                    "Please return an object representing the output item. ('" + jsText(result)
                            + "' was returned instead.)",
                    itemIndex);
        }
        if (result.isArray()) {
            String first = result.isEmpty()
                    ? "An empty array was returned."
                    : "An array of " + typeOf(result.get(0)) + "s was returned.";
            throw new ValidationError(
                    "Code doesn't return a single object",
                    first + " If you need to output multiple items, please use the 'Run Once for All Items' mode"
                            + " instead.",
                    itemIndex);
        }
        JsonNode normalized = normalize(result).getFirst();
        Item item = toItem(normalized, itemIndex);
        checkTopLevelKeys(normalized, itemIndex);
        return item;
    }

    /** n8n's {@code normalizeItems}: wrap plain objects in {@code {json}}, keep items as they are. */
    static List<JsonNode> normalize(JsonNode data) {
        List<JsonNode> list = new ArrayList<>();
        if (data.isObject()) {
            list.add(truthy(data.get("json")) ? data : Json.object().set("json", data));
        } else {
            data.forEach(list::add);
        }
        if (list.stream().allMatch(e -> e.isObject() && e.has("json"))) {
            return list;
        }
        if (list.stream().anyMatch(e -> e.isObject() && e.has("json"))) {
            throw new ValidationError("Inconsistent item format", null, -1);
        }
        List<JsonNode> out = new ArrayList<>(list.size());
        if (!list.isEmpty() && list.stream().allMatch(e -> e.isObject() && e.has("binary"))) {
            for (JsonNode e : list) {
                ObjectNode json = ((ObjectNode) e).deepCopy();
                json.remove("binary");
                out.add(Json.object().<ObjectNode>set("json", json).set("binary", e.get("binary")));
            }
            return out;
        }
        for (JsonNode e : list) {
            out.add(Json.object().set("json", e));
        }
        return out;
    }

    /** n8n's {@code validateItem}, then the Hetumind item. */
    private static Item toItem(JsonNode item, int index) {
        JsonNode json = item.get("json");
        if (json == null || !json.isObject()) {
            throw new ValidationError(
                    "A 'json' property isn't an object",
                    "In the returned data, every key named 'json' must point to an object.",
                    index);
        }
        JsonNode binary = item.get("binary");
        Map<String, BinaryRef> refs = Map.of();
        if (binary != null && !binary.isNull()) {
            if (!binary.isObject()) {
                throw new ValidationError(
                        "A 'binary' property isn't an object",
                        "In the returned data, every key named 'binary' must point to an object.",
                        index);
            }
            refs = new java.util.LinkedHashMap<>();
            for (var entry : binary.properties()) {
                if (!entry.getValue().isObject()) {
                    throw new ValidationError(
                            "A 'binary' property isn't an object",
                            "Each binary entry must be binary data from an earlier node.",
                            index);
                }
                // n8n's shape (fileSize as text, bytes) as code sees it, or an older numeric fileSize
                refs.put(entry.getKey(), ItemCodec.readBinary(entry.getValue()));
            }
        }
        return new Item((ObjectNode) json, refs, null, ItemCodec.pairs(item.get("pairedItem")));
    }

    private static void checkTopLevelKeys(JsonNode item, int index) {
        if (!item.isObject()) {
            throw new ValidationError(
                    "Code doesn't return items properly",
                    "Please return an array of objects, one for each item you would like to output.",
                    index);
        }
        for (Iterator<String> keys = item.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ITEM_KEYS.contains(key)) {
                throw new ValidationError(
                        "Unknown top-level item key: " + key,
                        "Access the properties of an item under `.json`, e.g. `item.json`",
                        index);
            }
        }
    }

    private static boolean hasItemKey(JsonNode object) {
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            if (ITEM_KEYS.contains(keys.next())) {
                return true;
            }
        }
        return false;
    }

    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        return !v.isTextual() || !v.textValue().isEmpty();
    }

    private static String typeOf(JsonNode v) {
        return v.isTextual() ? "string" : v.isNumber() ? "number" : v.isBoolean() ? "boolean" : "object";
    }

    private static String jsText(JsonNode v) {
        return v.isMissingNode() ? "undefined" : v.isTextual() ? v.textValue() : v.toString();
    }

    /** A returned value n8n rejects; the message carries n8n's {@code [item N]} suffix. */
    static final class ValidationError extends NodeException {
        ValidationError(String message, String description, int itemIndex) {
            super(
                    io.hetumind.core.spi.ErrorKind.USER,
                    itemIndex >= 0 ? message + " [item " + itemIndex + "]" : message,
                    itemIndex,
                    description,
                    null);
        }
    }
}
