package io.hetumind.nodes.flow.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.FuzzyCompare;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Merge "combine by matching fields": finds matches between the inputs and joins them per join mode. */
final class MergeByFields {

    /** A pair of fields to compare: {@code field1} of input 1 with {@code field2} of input 2. */
    record FieldPair(String field1, String field2) {}

    private record Match(Item entry, List<Item> matches) {}

    private final List<FieldPair> fields;
    private final JsonNode options;
    private final boolean dot;

    MergeByFields(List<FieldPair> fields, JsonNode options) {
        this.fields = fields;
        this.options = options;
        this.dot = !options.path("disableDotNotation").asBoolean(false);
    }

    List<Item> run(List<Item> in1, List<Item> in2, String joinMode, String outputDataFrom, double version) {
        if (fields.isEmpty()) {
            throw NodeException.user(
                    "You need to define at least one pair of fields in \"Fields to Match\" to match on", 0);
        }
        // n8n checks the fields only before 2.1 (MergeV2 and Merge v3's combineByFields test typeVersion < 2.1)
        if (version < 2.1) {
            check(in1, true, "Input 1");
            check(in2, false, "Input 2");
        }
        // with one side empty every item of the other is a non-match, unless the output is the empty side
        if (in2.isEmpty()) {
            boolean keep = List.of("keepEverything", "enrichInput1").contains(joinMode)
                    || joinMode.equals("keepNonMatches") && !outputDataFrom.equals("input2");
            return keep ? in1 : List.of();
        }
        if (in1.isEmpty()) {
            boolean keep = List.of("keepEverything", "enrichInput2").contains(joinMode)
                    || joinMode.equals("keepNonMatches") && !outputDataFrom.equals("input1");
            return keep ? in2 : List.of();
        }
        JsonNode clash = options.path("clashHandling").path("values");
        String resolve = clash.path("resolveClash").asText(null);
        boolean suffix = "addSuffix".equals(resolve);
        List<Match> matched = new ArrayList<>();
        List<Item> unmatched1 = new ArrayList<>();
        Set<Integer> matchedIn2 = new LinkedHashSet<>();
        boolean first = "first".equals(options.path("multipleMatches").asText("all"));
        boolean fuzzy = options.path("fuzzyCompare").asBoolean(false);
        outer:
        for (Item e1 : in1) {
            List<JsonNode> keys = new ArrayList<>();
            for (FieldPair p : fields) {
                JsonNode v = JsonPaths.get(e1.json(), p.field1(), dot);
                if (v == null) {
                    unmatched1.add(e1);
                    continue outer;
                }
                keys.add(v);
            }
            List<Item> found = new ArrayList<>();
            for (int j = 0; j < in2.size(); j++) {
                boolean ok = true;
                for (int k = 0; k < fields.size() && ok; k++) {
                    ok = equal(
                            keys.get(k),
                            JsonPaths.get(in2.get(j).json(), fields.get(k).field2(), dot),
                            fuzzy);
                }
                if (ok) {
                    found.add(in2.get(j));
                    matchedIn2.add(j);
                    if (first) {
                        break; // n8n's findFirstMatch: later matches stay unmatched
                    }
                }
            }
            if (found.isEmpty()) {
                unmatched1.add(e1);
            } else if (outputDataFrom.equals("both") || joinMode.startsWith("enrichInput")) {
                // n8n pairs the item with each match separately when both inputs' fields end up in the output
                for (Item f : first ? List.of(found.getFirst()) : found) {
                    matched.add(new Match(e1, List.of(f)));
                }
            } else {
                matched.add(new Match(e1, first ? List.of(found.getFirst()) : found));
            }
        }
        List<Item> matched2 = new ArrayList<>();
        List<Item> unmatched2 = new ArrayList<>();
        for (int j = 0; j < in2.size(); j++) {
            (matchedIn2.contains(j) ? matched2 : unmatched2).add(in2.get(j));
        }
        List<Item> out = new ArrayList<>();
        switch (joinMode) {
            case "keepMatches", "keepEverything" -> {
                switch (outputDataFrom) {
                    case "input1" -> matched.forEach(m -> out.add(m.entry()));
                    case "input2" -> out.addAll(matched2);
                    default -> out.addAll(mergeMatched(matched, clash, resolve, joinMode, version));
                }
                if (joinMode.equals("keepEverything")) {
                    out.addAll(suffix ? MergeObjects.addSuffix(unmatched1, "1") : unmatched1);
                    out.addAll(suffix ? MergeObjects.addSuffix(unmatched2, "2") : unmatched2);
                }
            }
            case "keepNonMatches" -> {
                switch (outputDataFrom) {
                    case "input1" -> out.addAll(unmatched1);
                    case "input2" -> out.addAll(unmatched2);
                    default -> {
                        unmatched1.forEach(i -> out.add(withSource(i, "input1")));
                        unmatched2.forEach(i -> out.add(withSource(i, "input2")));
                    }
                }
            }
            case "enrichInput1" -> {
                out.addAll(mergeMatched(matched, clash, resolve, joinMode, version));
                out.addAll(suffix ? MergeObjects.addSuffix(unmatched1, "1") : unmatched1);
            }
            case "enrichInput2" -> {
                out.addAll(mergeMatched(matched, clash, resolve, joinMode, version));
                out.addAll(suffix ? MergeObjects.addSuffix(unmatched2, "2") : unmatched2);
            }
            default -> throw NodeException.user("parameter 'joinMode': unknown value '" + joinMode + "'", 0);
        }
        return out;
    }

    private static Item withSource(Item i, String source) {
        ObjectNode json = i.json().objectNode();
        json.put("_source", source);
        json.setAll(i.json());
        return new Item(json, i.binary(), null, i.pairedItems());
    }

    private static List<Item> mergeMatched(
            List<Match> matched, JsonNode clash, String resolve, String joinMode, double version) {
        MergeObjects m = new MergeObjects(clash);
        // v2 lets input 2's fields win in every join mode; from v2.1 enriching input 2 keeps input 1's
        boolean keepInput1 = "enrichInput2".equals(joinMode) && version >= 2.1;
        String r = resolve != null ? resolve : (keepInput1 ? "preferInput1" : "preferInput2");
        // n8n's mergeMatched knows only addSuffix, preferInput1 and the version's "input 2 wins" value (v3's
        // preferLast, v2's preferInput2): any other value gives an empty item paired with nothing (n8n 2.8.4 does
        // this for v3 with "preferInput2", which v2 offered)
        String last = version >= 3 ? "preferLast" : "preferInput2";
        boolean known = r.equals("addSuffix") || r.equals("preferInput1") || r.equals(last) || resolve == null;
        List<Item> out = new ArrayList<>();
        for (Match match : matched) {
            Item entry = match.entry();
            List<Item> matches = match.matches();
            if (!known) {
                out.add(new Item(Json.object(), null, null, Item.NO_PAIRS));
                continue;
            }
            switch (r) {
                case "addSuffix" -> {
                    List<Item> with = new ArrayList<>(List.of(entry));
                    with.addAll(matches);
                    out.add(m.mergeItems(
                            MergeObjects.addSuffix(List.of(entry), "1").getFirst(),
                            MergeObjects.addSuffix(matches, "2"),
                            with));
                }
                case "preferInput1" -> {
                    List<Item> sources = new ArrayList<>(matches.subList(1, matches.size()));
                    sources.add(entry);
                    // pairing: the matches, then the entry
                    out.add(m.mergeItems(matches.getFirst(), sources, sourcesWithFirst(matches, entry)));
                }
                default -> {
                    List<Item> with = new ArrayList<>(List.of(entry));
                    with.addAll(matches);
                    out.add(m.mergeItems(entry, matches, with));
                }
            }
        }
        return out;
    }

    private static List<Item> sourcesWithFirst(List<Item> matches, Item entry) {
        List<Item> out = new ArrayList<>(matches);
        out.add(entry);
        return out;
    }

    private void check(List<Item> items, boolean first, String label) {
        if (items.isEmpty()) {
            return;
        }
        for (FieldPair p : fields) {
            String f = first ? p.field1() : p.field2();
            boolean present = items.stream().anyMatch(i -> JsonPaths.get(i.json(), f, dot) != null);
            if (!present) {
                throw NodeException.user("Field '" + f + "' is not present in any of items in '" + label + "'", 0);
            }
        }
    }

    private static boolean equal(JsonNode a, JsonNode b, boolean fuzzy) {
        if (fuzzy) {
            // Merge v3 compares with n8n's fuzzyCompare at its first compare version
            return FuzzyCompare.equal(a, b, 1);
        }
        if (b == null) {
            return false;
        }
        return Js.deepEquals(a, b) && (a.isNumber() == b.isNumber());
    }
}
