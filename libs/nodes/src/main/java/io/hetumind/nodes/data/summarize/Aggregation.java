package io.hetumind.nodes.data.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** One row of Summarize's "Fields to Summarize": an aggregation over one field, computed as n8n does. */
record Aggregation(String kind, String field, boolean includeEmpty, String separator) {

    static final List<String> KINDS =
            List.of("append", "average", "concatenate", "count", "countUnique", "max", "min", "sum");

    private static final Map<String, String> PREFIX = Map.of(
            "append", "appended_",
            "average", "average_",
            "concatenate", "concatenated_",
            "count", "count_",
            "countUnique", "unique_count_",
            "max", "max_",
            "min", "min_",
            "sum", "sum_");

    /** The output key, e.g. {@code appended_params_interval} for append on {@code params.interval}. */
    String outputKey() {
        return (PREFIX.get(kind) + field).replaceAll("[\\]\\[\"]", "").replaceAll("[ .]", "_");
    }

    static boolean isEmpty(JsonNode v) {
        return Js.isNullish(v) || (v.isTextual() && v.textValue().isEmpty());
    }

    /** Aggregates the values {@code get} reads from each item (null for a missing field). */
    JsonNode apply(List<JsonNode> items, Function<JsonNode, JsonNode> get) {
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode item : items) {
            values.add(get.apply(item));
        }
        if (kind.equals("average") || kind.equals("sum")) {
            values = values.stream().filter(v -> v != null && v.isNumber()).toList();
        }
        List<JsonNode> kept =
                includeEmpty ? values : values.stream().filter(v -> !isEmpty(v)).toList();
        return switch (kind) {
            case "append" -> append(kept);
            case "concatenate" -> Json.F.textNode(concatenate(kept));
            case "average" -> Js.number(sum(values) / values.size());
            case "sum" -> Js.number(sum(values));
            case "min" -> extreme(values, true);
            case "max" -> extreme(values, false);
            case "countUnique" -> Json.F.numberNode(countUnique(kept));
            default -> Json.F.numberNode(kept.size());
        };
    }

    private static ArrayNode append(List<JsonNode> values) {
        ArrayNode out = Json.array();
        values.forEach(v -> out.add(v == null ? Json.F.nullNode() : v.deepCopy()));
        return out;
    }

    private String concatenate(List<JsonNode> values) {
        List<String> parts = new ArrayList<>();
        for (JsonNode v : values) {
            parts.add(v == null || v.isContainerNode() || v.isNull() ? Js.toString(v, true) : Js.toString(v, false));
        }
        return String.join(separator, parts);
    }

    private static double sum(List<JsonNode> values) {
        double total = 0;
        for (JsonNode v : values) {
            total += v.doubleValue();
        }
        return total;
    }

    /** JS's {@code <}/{@code >} over the non-empty values; null when there are none. */
    private static JsonNode extreme(List<JsonNode> values, boolean min) {
        JsonNode best = null;
        for (JsonNode v : values) {
            if (isEmpty(v)) {
                continue;
            }
            if (best == null || (min ? less(v, best) : less(best, v))) {
                best = v;
            }
        }
        return best == null ? Json.F.nullNode() : best.deepCopy();
    }

    private static boolean less(JsonNode a, JsonNode b) {
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue()) < 0;
        }
        return Js.toNumber(a) < Js.toNumber(b);
    }

    /** Like a JS {@code Set}: primitives by value, objects and arrays each distinct. */
    private static int countUnique(List<JsonNode> values) {
        Set<Object> seen = new HashSet<>();
        for (JsonNode v : values) {
            if (v == null || v.isMissingNode()) {
                seen.add("undefined:");
            } else if (v.isContainerNode()) {
                seen.add(new Object());
            } else if (v.isNumber()) {
                seen.add(v.doubleValue());
            } else {
                seen.add(v.getNodeType() + ":" + v.asText());
            }
        }
        return seen.size();
    }
}
