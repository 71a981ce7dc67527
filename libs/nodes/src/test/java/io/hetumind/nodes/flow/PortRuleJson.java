package io.hetumind.nodes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a port rule from its published JSON only, the way the designer does in a browser
 * (written from the format in libs/core/README.md, not from the Java classes): if it agrees with
 * the engine, the JSON says everything needed. {@code defaults} are descriptor defaults by path.
 */
final class PortRuleJson {

    private final JsonNode params;
    private final double version;
    private final Map<String, JsonNode> defaults;

    PortRuleJson(JsonNode params, double version, Map<String, JsonNode> defaults) {
        this.params = params;
        this.version = version;
        this.defaults = defaults;
    }

    List<PortSpec> eval(JsonNode rule) {
        String kind = rule.fieldNames().next();
        JsonNode r = rule.get(kind);
        List<PortSpec> out = new ArrayList<>();
        switch (kind) {
            case "fixed" ->
                r.forEach(p -> out.add(
                        PortSpec.of(p.get("name").asText(), p.get("displayName").asText())));
            case "labeled" -> {
                String label = value(r.get("labelParameter").asText()).asText("");
                out.add(PortSpec.of(
                        r.get("name").asText(),
                        label.isEmpty() ? r.get("displayName").asText() : label));
            }
            case "count" -> {
                JsonNode n = params.get(r.get("parameter").asText());
                int count = n != null && n.isNumber()
                        ? Math.max(
                                r.get("min").asInt(),
                                Math.min(n.intValue(), r.get("max").asInt()))
                        : r.get("default").asInt();
                for (int k = 0; k < count; k++) {
                    String i = String.valueOf(k + r.get("first").asInt());
                    out.add(PortSpec.of(
                            r.get("name").asText().replace("{i}", i),
                            r.get("displayName").asText().replace("{i}", i)));
                }
            }
            case "perEntry" -> {
                JsonNode entries = value(r.get("parameter").asText());
                for (int i = 0; entries.isArray() && i < entries.size(); i++) {
                    JsonNode e = entries.get(i);
                    JsonNode flag = r.get("labelFlag");
                    String label = flag.isNull() || e.path(flag.asText()).asBoolean(false)
                            ? e.path(r.get("labelField").asText()).asText("")
                            : "";
                    out.add(PortSpec.of(String.valueOf(i), label.isEmpty() ? String.valueOf(i) : label));
                }
            }
            case "maxIndex" -> {
                int max = Integer.MIN_VALUE;
                for (JsonNode s : r.get("sources")) {
                    List<JsonNode> found = new ArrayList<>();
                    walk(params, s.get("path").asText().split("\\."), 0, found);
                    for (JsonNode v : found) {
                        max = Math.max(max, v.asInt(s.get("fallback").asInt()));
                    }
                }
                int count = Math.max(
                        max == Integer.MIN_VALUE ? 0 : max + 1, r.get("min").asInt());
                for (int i = 0; i < count; i++) {
                    out.add(PortSpec.of(String.valueOf(i), String.valueOf(i)));
                }
            }
            case "concat" -> {
                r.get("parts").forEach(p -> out.addAll(eval(p)));
                if (out.isEmpty() && r.has("ifEmpty")) {
                    out.addAll(eval(r.get("ifEmpty")));
                }
            }
            case "when" -> {
                for (JsonNode c : r.get("cases")) {
                    if (matches(c.get("if"))) {
                        return eval(c.get("then"));
                    }
                }
                return r.has("otherwise") ? eval(r.get("otherwise")) : out;
            }
            default -> throw new IllegalArgumentException("unknown port rule " + kind);
        }
        return out;
    }

    private boolean matches(JsonNode conditions) {
        for (var it = conditions.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode actual = e.getKey().equals("@version") ? Json.F.numberNode(version) : value(e.getKey());
            boolean any = false;
            for (JsonNode accepted : e.getValue()) {
                any |= accepted.isNumber() && actual.isNumber()
                        ? accepted.doubleValue() == actual.doubleValue()
                        : accepted.equals(actual);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private JsonNode value(String path) {
        JsonNode cur = params;
        for (String part : path.split("\\.")) {
            cur = cur.path(part);
        }
        return cur.isMissingNode() || cur.isNull() ? defaults.getOrDefault(path, cur) : cur;
    }

    private static void walk(JsonNode cur, String[] parts, int at, List<JsonNode> out) {
        if (at == parts.length) {
            out.add(cur);
        } else if (parts[at].equals("*")) {
            if (cur.isArray()) {
                cur.forEach(c -> walk(c, parts, at + 1, out));
            }
        } else {
            walk(cur.path(parts[at]), parts, at + 1, out);
        }
    }
}
