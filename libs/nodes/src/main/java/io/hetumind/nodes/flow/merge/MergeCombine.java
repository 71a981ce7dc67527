package io.hetumind.nodes.flow.merge;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;

/** Merge "combine by position" and "combine all" (cross join). */
final class MergeCombine {

    private MergeCombine() {}

    /**
     * Merge v3's combine by position over all its inputs, as n8n's combineByPosition: item i of every input, then
     * the preferred input's again (input N of {@code preferInputN}, else the last), merged in that order into a new
     * object and paired with each of them, duplicate included. The preferred input is taken before {@code addSuffix}
     * renames the keys, so with suffixes its fields also appear as they were (as n8n does).
     */
    static List<Item> byPositionV3(List<List<Item>> inputs, JsonNode clash, boolean includeUnpaired) {
        String resolve = clash.path("resolveClash").asText("");
        int preferredIndex = inputs.size() - 1;
        if (resolve.startsWith("preferInput")) {
            try {
                preferredIndex = Integer.parseInt(resolve.substring("preferInput".length())) - 1;
            } catch (NumberFormatException e) {
                preferredIndex = -1;
            }
        }
        List<Item> preferred =
                preferredIndex >= 0 && preferredIndex < inputs.size() ? inputs.get(preferredIndex) : null;
        List<List<Item>> all = inputs;
        if (resolve.equals("addSuffix")) {
            all = new ArrayList<>();
            for (int k = 0; k < inputs.size(); k++) {
                all.add(MergeObjects.addSuffix(inputs.get(k), String.valueOf(k + 1)));
            }
        }
        int n = includeUnpaired ? 0 : Integer.MAX_VALUE;
        for (List<Item> in : all) {
            n = includeUnpaired ? Math.max(n, in.size()) : Math.min(n, in.size());
        }
        int preferredSize = preferred == null ? 0 : preferred.size();
        n = includeUnpaired ? Math.max(n, preferredSize) : Math.min(n, preferredSize);
        MergeObjects m = new MergeObjects(clash);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Item> entries = new ArrayList<>();
            for (List<Item> in : all) {
                if (i < in.size()) {
                    entries.add(in.get(i));
                }
            }
            if (preferred != null && i < preferred.size()) {
                entries.add(preferred.get(i));
            }
            out.add(m.mergeItems(Item.of(Json.object()), entries, entries));
        }
        return out;
    }

    /**
     * Merge v2's combine by position: items at the same position merged, paired with both (input 2's first when
     * input 1 is preferred, as n8n swaps them); past the end of the shorter input the other's item as it is.
     */
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
                out.add(m.mergeItems(a.get(i), List.of(b.get(i)), List.of(a.get(i), b.get(i))));
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
                out.add(m.mergeItems(x, List.of(y), List.of(x, y)));
            }
        }
        return out;
    }
}
