package io.hetumind.nodes.data.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.FieldLists;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compare Datasets: matches items of inputs A and B by fields and routes them to A only, same, different, B only. */
public final class CompareDatasetsNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = CompareDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        double version = ctx.node().typeVersion();
        List<String[]> pairs = pairs(ctx);
        boolean dot = !ctx.param("options.disableDotNotation", 0, Boolean.class, false);
        boolean fuzzy = version >= 2
                ? ctx.param("fuzzyCompare", 0, Boolean.class, false)
                : ctx.param("options.fuzzyCompare", 0, Boolean.class, false);
        String resolve = ctx.param("resolve", 0, String.class, "includeBoth");
        if (!List.of("preferInput1", "preferInput2", "mix", "includeBoth").contains(resolve)) {
            throw NodeException.user(
                    "parameter 'resolve': '" + resolve + "' is not supported (preferInput1, preferInput2, mix,"
                            + " includeBoth)",
                    0);
        }
        String multiple = ctx.param("options.multipleMatches", 0, String.class, "first");
        List<String> skip = skipFields(ctx);
        List<Item> inA = ctx.input(0);
        List<Item> inB = ctx.inputCount() > 1 ? ctx.input(1) : List.of();
        // n8n drops items whose JSON is empty from both inputs before anything else
        List<Integer> idxA = nonEmpty(inA);
        List<Integer> idxB = nonEmpty(inB);
        if (version >= 2.2 && (idxA.isEmpty() || idxB.isEmpty())) {
            // nothing can match: every item is on its own side, and no field check applies
            return NodeResult.ports(List.of(paired(inA, idxA, 0), List.of(), List.of(), paired(inB, idxB, 1)));
        }
        if (version < 2.2) {
            // from 2.2 n8n checks nothing: an item without a match field is in A only (B only)
            checkPresent(inA, idxA, pairs, 0, dot, "Input A");
            checkPresent(inB, idxB, pairs, 1, dot, "Input B");
        }
        Equality eq = new Equality(fuzzy, version);
        List<Item> onlyA = new ArrayList<>();
        List<Item> same = new ArrayList<>();
        List<Item> different = new ArrayList<>();
        Set<Integer> matchedB = new HashSet<>();
        for (int i : idxA) {
            ObjectNode a = inA.get(i).json();
            List<Integer> matches = matches(a, inB, idxB, pairs, dot, eq);
            if (matches.isEmpty()) {
                onlyA.add(inA.get(i).withPairedItem(i));
                continue;
            }
            if (multiple.equals("first")) {
                matches = matches.subList(0, 1);
            }
            matchedB.addAll(matches);
            Item sameItem = null;
            for (int j : matches) {
                ObjectNode b = inB.get(j).json();
                if (itemsEqual(a, b, skip, dot, eq)) {
                    // n8n keeps one item per input A item however many equal matches it has: A's, or B's when a
                    // fuzzy compare prefers input B
                    if (sameItem == null) {
                        sameItem = fuzzy && resolve.equals("preferInput2")
                                ? new Item(b, inB.get(j).binary(), new PairedItem(j, 1))
                                : inA.get(i).withPairedItem(i);
                    }
                    continue;
                }
                boolean mixPrefersA =
                        !ctx.param("preferWhenMix", 0, String.class, "input1").equals("input2");
                ObjectNode out =
                        switch (resolve) {
                            case "preferInput1" -> a.deepCopy();
                            case "preferInput2" -> b.deepCopy();
                            case "mix" ->
                                ItemDiff.mix(
                                        a,
                                        b,
                                        mixPrefersA,
                                        ctx.param("exceptWhenMix", 0, String.class, ""),
                                        dot,
                                        version);
                            default -> ItemDiff.includeBoth(a, b, pairs, skip, eq, dot);
                        };
                // n8n passes on the preferred item with its own pairing; includeBoth pairs with both
                boolean fromB = resolve.equals("preferInput2") || resolve.equals("mix") && !mixPrefersA;
                Item src = fromB ? inB.get(j) : inA.get(i);
                List<PairedItem> pairing = resolve.equals("includeBoth")
                        ? List.of(new PairedItem(i, 0), new PairedItem(j, 1))
                        : List.of(fromB ? new PairedItem(j, 1) : new PairedItem(i, 0));
                different.add(new Item(out, src.binary(), null, pairing));
            }
            if (sameItem != null) {
                same.add(sameItem);
            }
        }
        List<Item> onlyB = new ArrayList<>();
        for (int j : idxB) {
            if (!matchedB.contains(j)) {
                onlyB.add(new Item(inB.get(j).json(), inB.get(j).binary(), new PairedItem(j, 1)));
            }
        }
        return NodeResult.ports(List.of(onlyA, same, different, onlyB));
    }

    private static List<Item> paired(List<Item> items, List<Integer> indexes, int input) {
        List<Item> out = new ArrayList<>();
        for (int i : indexes) {
            out.add(new Item(items.get(i).json(), items.get(i).binary(), new PairedItem(i, input)));
        }
        return out;
    }

    /** The indexes of the items whose JSON has a key. */
    private static List<Integer> nonEmpty(List<Item> items) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).json().isEmpty()) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The fields to skip as n8n reads them: the text split at commas and trimmed, empty names kept. So with the
     * option unset the list is {@code [""]}, and a field whose key is the empty string is always skipped (left out
     * of the equality test, shown under {@code skipped}), as in n8n.
     */
    private static List<String> skipFields(NodeParameters ctx) {
        JsonNode value = ctx.paramTree("options.skipFields", 0);
        if (value != null && value.isArray()) {
            List<String> out = new ArrayList<>(FieldLists.of(value));
            out.add("");
            return out;
        }
        String text = value == null || value.isNull() ? "" : Js.toString(value, true);
        List<String> out = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            out.add(s.trim());
        }
        return out;
    }

    private static List<String[]> pairs(NodeParameters ctx) {
        JsonNode tree = ctx.paramTree("mergeByFields", 0);
        JsonNode values = tree == null ? null : tree.get("values");
        List<String[]> out = new ArrayList<>();
        if (values != null) {
            for (JsonNode v : values.isArray() ? values : List.of(values)) {
                out.add(new String[] {
                    v.path("field1").asText(""), v.path("field2").asText("")
                });
            }
        }
        if (out.isEmpty() || (out.size() == 1 && out.getFirst()[0].isEmpty() && out.getFirst()[1].isEmpty())) {
            throw NodeException.user(
                    "parameter 'mergeByFields': You need to define at least one pair of fields in \"Fields to"
                            + " Match\" to match on",
                    0);
        }
        for (int i = 0; i < out.size(); i++) {
            String[] p = out.get(i);
            if (p[0].isEmpty() || p[1].isEmpty()) {
                throw NodeException.user(
                        "parameter 'mergeByFields.values[" + i + "]': You need to define both fields in \"Fields to"
                                + " Match\" for pair " + (i + 1) + ", field 1 = '" + p[0] + "' field 2 = '" + p[1]
                                + "'",
                        0);
            }
        }
        return out;
    }

    private static void checkPresent(
            List<Item> items, List<Integer> indexes, List<String[]> pairs, int side, boolean dot, String label) {
        if (indexes.isEmpty()) {
            return; // n8n checks nothing once the empty items are gone and none is left
        }
        for (String[] p : pairs) {
            String field = p[side];
            // lodash get(...) !== undefined: a null value is present
            boolean present = indexes.stream()
                    .map(items::get)
                    .anyMatch(it -> dot
                            ? JsonPaths.get(it.json(), field, true) != null
                            : it.json().has(field));
            if (!present) {
                throw NodeException.user("Field '" + field + "' is not present in any of items in '" + label + "'", 0);
            }
        }
    }

    /** Indexes of B items whose match fields equal A's; none when one of A's match fields is missing. */
    private static List<Integer> matches(
            ObjectNode a, List<Item> inB, List<Integer> idxB, List<String[]> pairs, boolean dot, Equality eq) {
        List<JsonNode> expected = new ArrayList<>();
        for (String[] p : pairs) {
            JsonNode v = JsonPaths.get(a, p[0], dot);
            if (v == null) {
                return List.of();
            }
            expected.add(v);
        }
        List<Integer> out = new ArrayList<>();
        outer:
        for (int j : idxB) {
            for (int k = 0; k < pairs.size(); k++) {
                if (!eq.equal(expected.get(k), JsonPaths.get(inB.get(j).json(), pairs.get(k)[1], dot))) {
                    continue outer;
                }
            }
            out.add(j);
        }
        return out;
    }

    /** Whole-item equality, skipped fields left out; fuzzy mode compares A's fields only, as n8n does. */
    private static boolean itemsEqual(ObjectNode a, ObjectNode b, List<String> skip, boolean dot, Equality eq) {
        ObjectNode x = a;
        ObjectNode y = b;
        if (!skip.isEmpty()) {
            x = a.deepCopy();
            y = b.deepCopy();
            for (String f : skip) {
                if (f.isEmpty()) {
                    x.remove(""); // lodash's omit/unset of '' removes the key named ''
                    y.remove("");
                } else {
                    JsonPaths.unset(x, f, dot);
                    JsonPaths.unset(y, f, dot);
                }
            }
        }
        if (!eq.fuzzy()) {
            return eq.equal(x, y);
        }
        for (Map.Entry<String, JsonNode> e : x.properties()) {
            if (!eq.equal(e.getValue(), y.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
