package io.hetumind.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.util.Map;

/**
 * One unit of data flowing between nodes: a JSON object plus binary attachments held by
 * reference. The JSON tree is shared between runs, so nodes copy before they change it.
 */
public record Item(ObjectNode json, Map<String, BinaryRef> binary, PairedItem pairedItem) {

    public Item {
        json = json == null ? Json.F.objectNode() : json;
        binary = binary == null || binary.isEmpty() ? Map.of() : Maps.ordered(binary);
    }

    public static Item of(ObjectNode json) {
        return new Item(json, Map.of(), null);
    }

    public static Item empty() {
        return new Item(Json.F.objectNode(), Map.of(), null);
    }

    public Item withJson(ObjectNode newJson) {
        return new Item(newJson, binary, pairedItem);
    }

    public Item withPairedItem(int itemIndex) {
        return new Item(json, binary, PairedItem.of(itemIndex, 0));
    }

    public Item withBinary(Map<String, BinaryRef> newBinary) {
        return new Item(json, newBinary, pairedItem);
    }
}
