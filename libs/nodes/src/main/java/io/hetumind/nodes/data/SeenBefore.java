package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.ProcessedDataStore;
import io.hetumind.nodes.internal.Dates;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remove Duplicates v2's operations across executions, as n8n's node runs them: "Remove Items Processed in Previous
 * Executions" keeps the items whose value is new (never seen, higher than any seen number, later than any seen date)
 * and records it; "Clear Deduplication History" forgets. Items are grouped by their value in the order JavaScript
 * lists an object's keys (integer-like values first, ascending, then the rest as they came), so the kept items come
 * in n8n's order; every item of a new value is kept, duplicates within one input included.
 */
final class SeenBefore {

    private static final int DEFAULT_MAX_ENTRIES = 10_000;

    private SeenBefore() {}

    static NodeResult run(NodeContext ctx) {
        List<Item> items = ctx.items();
        String logic = ctx.param("logic", 0, String.class, "removeItemsWithAlreadySeenKeyValues");
        String scope = scope(ctx);
        Map<String, List<Integer>> byValue = new LinkedHashMap<>();
        String mode;
        switch (logic) {
            case "removeItemsWithAlreadySeenKeyValues" -> {
                mode = ProcessedHistory.ENTRIES;
                for (int i = 0; i < items.size(); i++) {
                    JsonNode v = ctx.paramTree("dedupeValue", i);
                    byValue.computeIfAbsent(Js.isNullish(v) ? "" : Js.toString(v, false), k -> new ArrayList<>())
                            .add(i);
                }
            }
            case "removeItemsUpToStoredIncrementalKey" -> {
                mode = ProcessedHistory.LATEST_INCREMENTAL_KEY;
                // n8n's default is '' (a value left out of an export is empty, not our form's 0)
                boolean set = ctx.rawParam("incrementalDedupeValue") != null;
                for (int i = 0; i < items.size(); i++) {
                    JsonNode v = set ? ctx.paramTree("incrementalDedupeValue", i) : null;
                    if (Js.isNullish(v) || Js.toString(v, false).isEmpty()) {
                        throw NodeException.user("The `Value to Dedupe` On is empty. Please provide a value.", i);
                    }
                    double n = Js.toNumber(v);
                    if (Double.isNaN(n)) {
                        throw NodeException.user(
                                "The value '" + Js.toString(v, false) + "' is not a number. Please provide a number.",
                                i);
                    }
                    byValue.computeIfAbsent(Js.numberToString(n), k -> new ArrayList<>())
                            .add(i);
                }
            }
            case "removeItemsUpToStoredDate" -> {
                mode = ProcessedHistory.LATEST_DATE;
                for (int i = 0; i < items.size(); i++) {
                    JsonNode v = ctx.paramTree("dateDedupeValue", i);
                    String text = Js.isNullish(v) ? "" : Js.toString(v, false);
                    if (text.isEmpty()) {
                        throw NodeException.user("The `Value to Dedupe` On is empty. Please provide a value.", i);
                    }
                    if (Dates.parse(text, ctx.zone()) == null) {
                        throw NodeException.user(
                                "The value '" + text + "' is not a valid date. Please provide a valid date.", i);
                    }
                    byValue.computeIfAbsent(text, k -> new ArrayList<>()).add(i);
                }
            }
            default -> {
                return NodeResult.of(items); // n8n passes the items through for a logic it does not know
            }
        }
        ProcessedHistory history = history(ctx, scope);
        List<String> keys = jsKeyOrder(byValue);
        int maxEntries = 0;
        if (mode.equals(ProcessedHistory.ENTRIES)) {
            JsonNode size = ctx.paramTree("options.historySize", 0);
            maxEntries = size == null || size.isMissingNode() ? DEFAULT_MAX_ENTRIES : (int) Js.toNumber(size);
        }
        return output(items, byValue, history.checkAndRecord(keys, mode, maxEntries, items.size()));
    }

    static NodeResult clear(NodeContext ctx) {
        String mode = ctx.param("mode", 0, String.class, "cleanDatabase");
        if ("cleanDatabase".equals(mode)) {
            // n8n reads the scope only for this mode; another mode changes nothing
            history(ctx, scope(ctx)).clear();
        }
        return NodeResult.of(ctx.items());
    }

    private static String scope(NodeContext ctx) {
        String scope = ctx.param("options.scope", 0, String.class, "node");
        if (!scope.equals("node") && !scope.equals("workflow")) {
            throw NodeException.user(
                    "The scope '" + scope + "' is not supported. Please select either \"node\" or \"workflow\".");
        }
        return scope;
    }

    private static ProcessedHistory history(NodeContext ctx, String scope) {
        ProcessedDataStore store = ctx.service(ProcessedDataStore.class)
                .orElseThrow(() -> NodeException.user("This host keeps no deduplication history between executions,"
                        + " so items processed in previous executions cannot be removed here"));
        String workflowId = ctx.workflowId();
        if (workflowId == null || workflowId.isBlank()) {
            throw NodeException.user("A deduplication history belongs to a workflow: this one has no id (give the"
                    + " workflow file an \"id\")");
        }
        String nodeId = ctx.node().id() == null ? ctx.node().name() : ctx.node().id();
        return new ProcessedHistory(store, workflowId, ProcessedHistory.context(scope, nodeId), ctx.zone());
    }

    /** The kept items on the output: those of each new value, in the history's order, paired with their input. */
    private static NodeResult output(
            List<Item> items, Map<String, List<Integer>> byValue, ProcessedHistory.Checked checked) {
        List<Item> kept = new ArrayList<>();
        for (String key : checked.fresh()) {
            for (int i : byValue.getOrDefault(key, List.of())) {
                kept.add(items.get(i).withPairedItem(i));
            }
        }
        return NodeResult.of(kept);
    }

    /** {@code Object.keys} of an object built in {@code map}'s order: array-index keys ascending, then the rest. */
    static List<String> jsKeyOrder(Map<String, ?> map) {
        List<String> indices = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String k : map.keySet()) {
            (arrayIndex(k) ? indices : others).add(k);
        }
        indices.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        indices.addAll(others);
        return indices;
    }

    /** A canonical array index: 0, or digits without a leading zero below 2³² − 1. */
    private static boolean arrayIndex(String k) {
        if (k.isEmpty() || k.length() > 10 || !k.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        if (k.length() > 1 && k.charAt(0) == '0') {
            return false;
        }
        return Long.parseLong(k) < 4_294_967_295L;
    }
}
