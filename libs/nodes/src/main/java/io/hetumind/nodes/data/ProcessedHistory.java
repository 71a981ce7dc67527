package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.ProcessedDataStore;
import io.hetumind.nodes.internal.Dates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * n8n's deduplication history (its {@code DeduplicationHelper}) over a host's {@link ProcessedDataStore}: the value of
 * a (workflow, context) is {@code {mode, data}} — for {@code entries} the MD5 (base64) of every value seen, oldest
 * first, at most the history size; for {@code latestIncrementalKey} / {@code latestDate} the largest value seen. One
 * check reads and records in a single store update, so two executions never both take a value as new.
 */
final class ProcessedHistory {

    static final String ENTRIES = "entries";
    static final String LATEST_INCREMENTAL_KEY = "latestIncrementalKey";
    static final String LATEST_DATE = "latestDate";

    /** Which keys were new (kept) and which were seen before (discarded), each in n8n's order. */
    record Checked(List<String> fresh, List<String> processed) {}

    private final ProcessedDataStore store;
    private final String workflowId;
    private final String context;
    private final ZoneId zone;

    ProcessedHistory(ProcessedDataStore store, String workflowId, String context, ZoneId zone) {
        this.store = store;
        this.workflowId = workflowId;
        this.context = context;
        this.zone = zone;
    }

    /** n8n's context of a scope: {@code n:<node id>} for the node's own history, {@code ""} for the workflow's. */
    static String context(String scope, String nodeId) {
        return "node".equals(scope) ? "n:" + nodeId : "";
    }

    /** Forgets the history. */
    void clear() {
        store.update(workflowId, context, slot -> {
            slot.set(null);
            return null;
        });
    }

    /**
     * n8n's {@code checkProcessedAndRecord}: splits {@code keys} into new and seen, and records the new ones. For
     * {@code entries}, n8n's room check comes first in the same update: {@code items} input items on top of the values
     * an entries history holds must fit {@code maxEntries} (n8n counts input items, not new values, so a nearly full
     * history refuses every run until it is cleared or made larger; matched on purpose).
     */
    Checked checkAndRecord(List<String> keys, String mode, int maxEntries, int items) {
        return store.update(workflowId, context, slot -> {
            JsonNode kept = slot.value();
            if (ENTRIES.equals(mode)) {
                int held = kept != null
                                && ENTRIES.equals(kept.path("mode").asText())
                                && kept.path("data").isArray()
                        ? kept.path("data").size()
                        : 0;
                if (held + items > maxEntries) {
                    throw NodeException.user("The number of items to be processed exceeds the maximum history size."
                            + " Please increase the history size or reduce the number of items to be processed.");
                }
            }
            if (kept != null && !mode.equals(kept.path("mode").asText())) {
                throw NodeException.user("Deduplication data was originally saved with an incompatible setting of the"
                        + " ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.");
            }
            return ENTRIES.equals(mode) ? entries(slot, kept, keys, maxEntries) : latest(slot, kept, keys, mode);
        });
    }

    private static Checked entries(ProcessedDataStore.Slot slot, JsonNode kept, List<String> keys, int maxEntries) {
        List<String> hashes = keys.stream().map(ProcessedHistory::hash).toList();
        if (kept == null) {
            List<String> data = new ArrayList<>(hashes);
            if (maxEntries > 0 && data.size() > maxEntries) {
                data.subList(0, data.size() - maxEntries).clear();
            }
            slot.set(value(ENTRIES, Json.toNode(data)));
            return new Checked(keys, List.of());
        }
        if (!kept.path("data").isArray()) {
            return new Checked(List.of(), List.of()); // n8n: a history of another shape keeps nothing
        }
        List<String> data = new ArrayList<>();
        kept.path("data").forEach(h -> data.add(h.asText()));
        Set<String> seen = new HashSet<>(data);
        List<String> fresh = new ArrayList<>();
        List<String> processed = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (seen.contains(hashes.get(i))) {
                processed.add(keys.get(i));
            } else {
                fresh.add(keys.get(i));
                data.add(hashes.get(i));
            }
        }
        if (maxEntries > 0 && data.size() > maxEntries) {
            data.subList(0, data.size() - maxEntries).clear(); // the oldest go first
        }
        slot.set(value(ENTRIES, Json.toNode(data)));
        return new Checked(fresh, processed);
    }

    private Checked latest(ProcessedDataStore.Slot slot, JsonNode kept, List<String> keys, String mode) {
        List<String> sorted = new ArrayList<>(keys);
        Comparator<String> order = (a, b) -> compare(mode, a, b);
        sorted.sort(order);
        if (kept == null) {
            if (!sorted.isEmpty()) {
                slot.set(value(mode, Json.F.textNode(sorted.getLast())));
            }
            return new Checked(keys, List.of());
        }
        JsonNode data = kept.path("data");
        if (!data.isValueNode()) {
            return new Checked(List.of(), List.of());
        }
        String stored = data.asText();
        String largest = stored;
        List<String> fresh = new ArrayList<>();
        List<String> processed = new ArrayList<>();
        for (String key : sorted) {
            if (compare(mode, key, stored) > 0) {
                fresh.add(key);
                if (compare(mode, key, largest) > 0) {
                    largest = key;
                }
            } else {
                processed.add(key);
            }
        }
        slot.set(value(mode, Json.F.textNode(largest)));
        return new Checked(fresh, processed);
    }

    /** n8n's comparison: numbers by value, dates by instant (two equal dates are "not later"). */
    private int compare(String mode, String a, String b) {
        if (LATEST_INCREMENTAL_KEY.equals(mode)) {
            double x = number(a);
            double y = number(b);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                throw NodeException.user("Invalid value. Only numbers are supported in mode \"latestIncrementalKey\"");
            }
            return Double.compare(x, y) == 0 ? 0 : x > y ? 1 : -1;
        }
        ZonedDateTime x = Dates.parse(a, zone);
        ZonedDateTime y = Dates.parse(b, zone);
        if (x == null || y == null) {
            throw NodeException.user("Invalid value. Only valid dates are supported in mode \"latestDate\"");
        }
        // n8n compares two Luxon objects with ===, never true: an equal date is "earlier"
        return x.toInstant().isAfter(y.toInstant()) ? 1 : -1;
    }

    private static double number(String text) {
        try {
            return text.isBlank() ? 0 : Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static ObjectNode value(String mode, JsonNode data) {
        ObjectNode v = Json.object();
        v.put("mode", mode);
        v.set("data", data);
        return v;
    }

    /** n8n's value hash: MD5 of the text, base64. */
    static String hash(String value) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
