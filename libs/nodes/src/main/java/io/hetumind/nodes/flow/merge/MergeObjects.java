package io.hetumind.nodes.flow.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How Merge joins two items' JSON: lodash-style deep or shallow merge, suffixes for clashes. */
final class MergeObjects {

    private final boolean deep;
    private final boolean overrideEmpty;

    MergeObjects(JsonNode clash) {
        this.deep = !"shallowMerge".equals(clash.path("mergeMode").asText("deepMerge"));
        this.overrideEmpty = clash.path("overrideEmpty").asBoolean(false);
    }

    /** A new object: {@code target}, then each source merged over it in order. */
    ObjectNode merge(ObjectNode target, List<ObjectNode> sources) {
        ObjectNode out = target.deepCopy();
        for (ObjectNode src : sources) {
            for (var it = src.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                if (overrideEmpty
                        && (Js.isNullish(v) || (v.isTextual() && v.textValue().isEmpty()))) {
                    continue;
                }
                out.set(e.getKey(), deep ? deepMerge(out.get(e.getKey()), v) : v.deepCopy());
            }
        }
        return out;
    }

    private JsonNode deepMerge(JsonNode target, JsonNode src) {
        if (src.isObject() && target != null && target.isObject()) {
            ObjectNode o = target.deepCopy();
            src.properties().forEach(e -> {
                if (overrideEmpty
                        && (Js.isNullish(e.getValue())
                                || (e.getValue().isTextual()
                                        && e.getValue().textValue().isEmpty()))) {
                    return;
                }
                o.set(e.getKey(), deepMerge(o.get(e.getKey()), e.getValue()));
            });
            return o;
        }
        if (src.isArray() && target != null && target.isArray()) {
            ArrayNode a = target.deepCopy();
            for (int i = 0; i < src.size(); i++) {
                if (i < a.size()) {
                    a.set(i, deepMerge(a.get(i), src.get(i)));
                } else {
                    a.add(src.get(i).deepCopy());
                }
            }
            return a;
        }
        return src.deepCopy();
    }

    /**
     * Merges items' JSON and binaries, {@code target} first; the result is paired with every pairing of
     * {@code pairedWith}, in order and with duplicates, as n8n lists them.
     */
    Item mergeItems(Item target, List<Item> sources, List<Item> pairedWith) {
        ObjectNode json = merge(target.json(), sources.stream().map(Item::json).toList());
        Map<String, BinaryRef> bin = new LinkedHashMap<>(target.binary());
        sources.forEach(s -> bin.putAll(s.binary()));
        return new Item(json, bin, null, pairings(pairedWith));
    }

    /** Every pairing of {@code items}, in order (n8n's {@code preparePairedItemDataArray} of each, flattened). */
    static List<PairedItem> pairings(List<Item> items) {
        List<PairedItem> out = new ArrayList<>();
        for (Item i : items) {
            out.addAll(i.pairedItems());
        }
        return out;
    }

    /** Copies of the items with every top-level key suffixed ({@code id} → {@code id_1}). */
    static List<Item> addSuffix(List<Item> items, String suffix) {
        List<Item> out = new ArrayList<>(items.size());
        for (Item i : items) {
            ObjectNode json = Json.object();
            i.json().properties().forEach(e -> json.set(e.getKey() + "_" + suffix, e.getValue()));
            Map<String, BinaryRef> bin = new LinkedHashMap<>();
            i.binary().forEach((k, v) -> bin.put(k + "_" + suffix, v));
            out.add(new Item(json, bin, null, i.pairedItems()));
        }
        return out;
    }
}
