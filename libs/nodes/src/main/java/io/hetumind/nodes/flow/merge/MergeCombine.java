package io.hetumind.nodes.flow.merge;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import java.util.ArrayList;
import java.util.List;

/** Merge "combine by position" and "combine all" (cross join). */
final class MergeCombine {

    private MergeCombine() {}

    static List<Item> byPosition(List<Item> input1, List<Item> input2, JsonNode clash, boolean includeUnpaired) {
        List<Item> a = input1;
        List<Item> b = input2;
        String resolve = clash.path("resolveClash").asText("");
        if (resolve.equals("preferInput1")) {
            a = input2;
            b = input1;
        } else if (resolve.equals("addSuffix")) {
            a = MergeObjects.addSuffix(a, "1");
            b = MergeObjects.addSuffix(b, "2");
        }
        MergeObjects m = new MergeObjects(clash);
        List<Item> out = new ArrayList<>();
        if (a.isEmpty() && b.isEmpty()) {
            return out;
        }
        int n = includeUnpaired ? Math.max(a.size(), b.size()) : Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (i >= a.size()) {
                out.add(b.get(i));
            } else if (i >= b.size()) {
                out.add(a.get(i));
            } else {
                Item pairedFrom = resolve.equals("preferInput1") ? b.get(i) : a.get(i);
                out.add(m.mergeItems(a.get(i), List.of(b.get(i)), List.of(pairedFrom)));
            }
        }
        return out;
    }

    static List<Item> all(List<Item> input1, List<Item> input2, JsonNode clash) {
        List<Item> a = input1;
        List<Item> b = input2;
        String resolve = clash.path("resolveClash").asText("");
        if (resolve.equals("preferInput1")) {
            a = input2;
            b = input1;
        } else if (resolve.equals("addSuffix")) {
            a = MergeObjects.addSuffix(a, "1");
            b = MergeObjects.addSuffix(b, "2");
        }
        MergeObjects m = new MergeObjects(clash);
        List<Item> out = new ArrayList<>();
        for (Item x : a) {
            for (Item y : b) {
                out.add(m.mergeItems(x, List.of(y), List.of(x)));
            }
        }
        return out;
    }
}
