package io.hetumind.nodes.data.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How Compare Datasets describes a matched pair that differs: both versions, or a mix of them. */
final class ItemDiff {

    private ItemDiff() {}

    /** {@code {keys, same, different[, skipped]}}: the "Include Both Versions" output of a pair. */
    static ObjectNode includeBoth(
            ObjectNode a, ObjectNode b, List<String[]> pairs, List<String> skip, Equality eq, boolean dot) {
        double version = eq.version();
        ObjectNode keys = Json.object();
        for (String[] p : pairs) {
            JsonNode v = JsonPaths.get(a, p[0], dot);
            if (v != null) {
                keys.set(p[0], v.deepCopy());
            } else if (version >= 2) {
                keys.putNull(p[0]);
            }
        }
        Set<String> union = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(union::add);
        b.fieldNames().forEachRemaining(union::add);
        ObjectNode same = Json.object();
        ObjectNode different = Json.object();
        ObjectNode skipped = Json.object();
        boolean allKeys = eq.fuzzy() && version >= 2.1;
        for (String key : union) {
            boolean compared = allKeys || (a.has(key) && b.has(key));
            if (compared && eq.equal(a.get(key), b.get(key))) {
                same.set(key, nullish(a.get(key), version));
                continue;
            }
            ObjectNode both = Json.object();
            JsonNode va = nullish(a.get(key), version);
            JsonNode vb = nullish(b.get(key), version);
            if (!skip.contains(key) && dot) {
                va = withoutNested(va, key, skip);
                vb = withoutNested(vb, key, skip);
            }
            putIfPresent(both, version >= 2 ? "inputA" : "input1", va);
            putIfPresent(both, version >= 2 ? "inputB" : "input2", vb);
            (skip.contains(key) ? skipped : different).set(key, both);
        }
        ObjectNode out = Json.object();
        out.set("keys", keys);
        out.set("same", same);
        out.set("different", different);
        if (!skipped.isEmpty()) {
            out.set("skipped", skipped);
        }
        return out;
    }

    /** Removes skipped nested fields ({@code key.sub}) from a value shown under {@code key}. */
    private static JsonNode withoutNested(JsonNode value, String key, List<String> skip) {
        if (!(value instanceof ObjectNode o)) {
            return value;
        }
        ObjectNode copy = o.deepCopy();
        for (String field : skip) {
            if (field.startsWith(key + ".")) {
                JsonPaths.unset(copy, field.substring(key.length() + 1), true);
            }
        }
        return copy;
    }

    /** From version 2 on a field missing on one side is shown as null; version 1 leaves it out. */
    private static JsonNode nullish(JsonNode v, double version) {
        if (v == null || v.isMissingNode()) {
            return version >= 2 ? Json.F.nullNode() : null;
        }
        return v.deepCopy();
    }

    private static void putIfPresent(ObjectNode o, String key, JsonNode v) {
        if (v != null) {
            o.set(key, v);
        }
    }

    /**
     * "Use a Mix of Versions": the preferred item, with the {@code except} fields taken from the other.
     * Before version 2.3 a falsy value from the other side became null, as in n8n.
     */
    static ObjectNode mix(ObjectNode a, ObjectNode b, boolean preferA, String except, boolean dot, double version) {
        ObjectNode entry = (preferA ? a : b).deepCopy();
        ObjectNode other = preferA ? b : a;
        List<String> fields = new ArrayList<>();
        for (String f : except == null ? new String[0] : except.split(",")) {
            if (!f.isBlank()) {
                fields.add(f.trim());
            }
        }
        for (String field : fields) {
            JsonNode v = JsonPaths.get(other, field, dot);
            if (version < 2.3 && !Js.truthy(v)) {
                v = Json.F.nullNode();
            } else if (v == null) {
                v = Json.F.nullNode();
            }
            entry.set(field, v.deepCopy());
        }
        return entry;
    }
}
