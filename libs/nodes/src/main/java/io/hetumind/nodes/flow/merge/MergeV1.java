package io.hetumind.nodes.flow.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merge v1's legacy modes, as n8n's MergeV1 node runs them: append, mergeByIndex (inner/left/outer), multiplex,
 * keepKeyMatches/mergeByKey/removeKeyMatches (keys read with lodash's get and compared as text), passThrough and
 * wait. Inputs are the node's first two, each item paired with its own position.
 */
final class MergeV1 {

    private MergeV1() {}

    static List<Item> run(NodeParameters ctx, List<Item> in1, List<Item> in2) {
        String mode = ctx.param("mode", 0, String.class, "append");
        return switch (mode) {
            case "append" -> concat(in1, in2);
            case "mergeByIndex" -> byIndex(ctx.param("join", 0, String.class, "left"), in1, in2);
            case "multiplex" -> multiplex(in1, in2);
            case "keepKeyMatches", "mergeByKey", "removeKeyMatches" ->
                byKey(
                        mode,
                        ctx.param("propertyName1", 0, String.class, ""),
                        ctx.param("propertyName2", 0, String.class, ""),
                        ctx.param("overwrite", 0, String.class, "always"),
                        in1,
                        in2);
            // n8n takes input 2 for any value but input1
            case "passThrough" -> "input1".equals(ctx.param("output", 0, String.class, "input1")) ? in1 : in2;
            case "wait" -> {
                List<PairedItem> pairs = new ArrayList<>();
                for (int i = 0; i < in1.size(); i++) {
                    pairs.add(PairedItem.of(i, 0));
                }
                yield List.of(Item.empty().withPairedItems(pairs.isEmpty() ? Item.NO_PAIRS : pairs));
            }
            default ->
                throw NodeException.user(
                        "parameter 'mode': '" + mode + "' is not a Merge v1 mode (append, keepKeyMatches,"
                                + " mergeByIndex, mergeByKey, multiplex, passThrough, removeKeyMatches, wait)",
                        0);
        };
    }

    private static List<Item> concat(List<Item> a, List<Item> b) {
        List<Item> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Item> byIndex(String join, List<Item> in1, List<Item> in2) {
        if (in1.isEmpty()) {
            return join.equals("inner") || join.equals("left") ? List.of() : in2;
        }
        if (in2.isEmpty()) {
            return join.equals("left") || join.equals("outer") ? in1 : List.of();
        }
        int n =
                switch (join) {
                    case "inner" -> Math.min(in1.size(), in2.size());
                    case "outer" -> Math.max(in1.size(), in2.size());
                    default -> in1.size();
                };
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i >= in1.size()) {
                out.add(in2.get(i));
            } else if (i >= in2.size()) {
                out.add(in1.get(i));
            } else {
                Item a = in1.get(i);
                Item b = in2.get(i);
                ObjectNode json = a.json().deepCopy();
                json.setAll(b.json().deepCopy());
                Map<String, BinaryRef> binary = new LinkedHashMap<>(a.binary());
                binary.putAll(b.binary());
                out.add(new Item(json, binary, null).withPairedItems(pairs(a, b)));
            }
        }
        return out;
    }

    /** Every item of input 1 with every item of input 2, input 2's fields over input 1's; no binary, as n8n. */
    private static List<Item> multiplex(List<Item> in1, List<Item> in2) {
        List<Item> out = new ArrayList<>();
        for (Item a : in1) {
            for (Item b : in2) {
                ObjectNode json = a.json().deepCopy();
                json.setAll(b.json().deepCopy());
                out.add(Item.of(json).withPairedItems(pairs(a, b)));
            }
        }
        return out;
    }

    private static List<PairedItem> pairs(Item a, Item b) {
        List<PairedItem> pairs = new ArrayList<>(a.pairedItems());
        pairs.addAll(b.pairedItems());
        return pairs;
    }

    private static List<Item> byKey(
            String mode, String property1, String property2, String overwrite, List<Item> in1, List<Item> in2) {
        if (property1.isEmpty() || property2.isEmpty()) {
            return mode.equals("keepKeyMatches") ? List.of() : in1;
        }
        // n8n collects input 2 in a plain object: the key is the value as text, the last item wins, falsy keys
        // are skipped, and "__proto__" sets no own property
        Map<String, Item> byKey = new HashMap<>();
        for (Item b : in2) {
            JsonNode key = JsonPaths.get(b.json(), property2);
            if (key == null || key.isMissingNode() || !Js.truthy(key)) {
                continue;
            }
            String text = Js.toString(key, false);
            if (!text.equals("__proto__")) {
                byKey.put(text, b);
            }
        }
        boolean remove = mode.equals("removeKeyMatches");
        List<Item> out = new ArrayList<>();
        for (Item a : in1) {
            JsonNode ref = JsonPaths.get(a.json(), property1);
            // a missing value, or one that is neither text, a number nor null, matches nothing
            if (ref == null || ref.isMissingNode() || !(ref.isTextual() || ref.isNumber() || ref.isNull())) {
                if (remove) {
                    out.add(a);
                }
                continue;
            }
            Item match = byKey.get(ref.isNull() ? "null" : Js.toString(ref, false));
            if (match == null) {
                if (remove || mode.equals("mergeByKey")) {
                    out.add(a);
                }
                continue;
            }
            switch (mode) {
                case "removeKeyMatches" -> {}
                case "keepKeyMatches" -> out.add(a);
                default -> out.add(a.withJson(merged(a.json(), match.json(), property2, overwrite)));
            }
        }
        return out;
    }

    /** Input 2's fields (but its key) copied onto input 1's as {@code overwrite} allows: always, if blank, if missing. */
    private static ObjectNode merged(ObjectNode target, ObjectNode source, String keyName, String overwrite) {
        ObjectNode json = target.deepCopy();
        source.properties().forEach(e -> {
            if (e.getKey().equals(keyName)) {
                return;
            }
            JsonNode current = json.get(e.getKey());
            boolean copy =
                    switch (overwrite) {
                        case "always" -> true;
                        case "undefined" -> current == null;
                        case "blank" ->
                            current == null
                                    || current.isNull()
                                    || (current.isTextual()
                                            && current.textValue().isEmpty());
                        default -> false;
                    };
            if (copy) {
                json.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return json;
    }
}
