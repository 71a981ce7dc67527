package io.hetumind.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One unit of data flowing between nodes: a JSON object plus binary attachments held by
 * reference. The JSON tree is shared between runs, so nodes copy before they change it.
 *
 * <p>{@code pairedItem} names the input item this one comes from; an item made of several input items (an aggregate,
 * a merged pair) also names the others in {@code otherPairs}, as n8n's array-valued {@code pairedItem} does. Expressions
 * that walk back through pairings follow the first.
 */
public record Item(ObjectNode json, Map<String, BinaryRef> binary, PairedItem pairedItem, List<PairedItem> otherPairs) {

    /**
     * Passed as {@code otherPairs} with no {@code pairedItem}: paired with nothing on purpose (n8n's
     * {@code pairedItem: []}), which the engine's pairing rule then leaves alone, as n8n leaves an empty array.
     */
    public static final List<PairedItem> NO_PAIRS = java.util.Collections.unmodifiableList(new ArrayList<>(0));

    public Item {
        json = json == null ? Json.F.objectNode() : json;
        binary = binary == null || binary.isEmpty() ? Map.of() : Maps.ordered(binary);
        otherPairs = otherPairs == NO_PAIRS && pairedItem == null
                ? NO_PAIRS
                : otherPairs == null || otherPairs.isEmpty() ? List.of() : List.copyOf(otherPairs);
        if (pairedItem == null && !otherPairs.isEmpty()) {
            pairedItem = otherPairs.getFirst();
            otherPairs = otherPairs.subList(1, otherPairs.size());
        }
    }

    /** An item paired with one input item (or none). */
    public Item(ObjectNode json, Map<String, BinaryRef> binary, PairedItem pairedItem) {
        this(json, binary, pairedItem, List.of());
    }

    public static Item of(ObjectNode json) {
        return new Item(json, Map.of(), null);
    }

    public static Item empty() {
        return new Item(Json.F.objectNode(), Map.of(), null);
    }

    /** True when this item is paired with nothing on purpose (n8n's {@code pairedItem: []}), not merely unpaired. */
    public boolean explicitlyUnpaired() {
        return pairedItem == null && otherPairs == NO_PAIRS;
    }

    /** Every input item this one is paired with, the first first; empty when it is paired with none. */
    public List<PairedItem> pairedItems() {
        if (pairedItem == null) {
            return List.of();
        }
        if (otherPairs.isEmpty()) {
            return List.of(pairedItem);
        }
        List<PairedItem> all = new ArrayList<>(otherPairs.size() + 1);
        all.add(pairedItem);
        all.addAll(otherPairs);
        return List.copyOf(all);
    }

    public Item withJson(ObjectNode newJson) {
        return new Item(newJson, binary, pairedItem, otherPairs);
    }

    public Item withPairedItem(int itemIndex) {
        return new Item(json, binary, PairedItem.of(itemIndex, 0));
    }

    /** This item paired with each of {@code pairs} (in order); none when empty. */
    public Item withPairedItems(List<PairedItem> pairs) {
        return pairs.isEmpty() && pairs != NO_PAIRS
                ? new Item(json, binary, null)
                : new Item(json, binary, null, pairs);
    }

    /** This item paired with input items {@code 0 … count-1} of the first input, as n8n pairs what it made of them all. */
    public Item pairedWithFirst(int count) {
        List<PairedItem> pairs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pairs.add(PairedItem.of(i, 0));
        }
        return withPairedItems(pairs);
    }

    public Item withBinary(Map<String, BinaryRef> newBinary) {
        return new Item(json, newBinary, pairedItem, otherPairs);
    }
}
