package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's inputs or outputs as data: how many ports and their names, computed from the node's
 * raw parameters (as written, expressions not rendered) and its {@code typeVersion}. The engine
 * and the designer evaluate the same rule, so a browser draws exactly the ports the engine
 * routes. Parameters are dot paths from the node's parameter root; an absent parameter takes
 * its descriptor default. In names, {@code {i}} is the port's number.
 */
public sealed interface PortRule {

    /** The ports for these parameters. */
    List<PortSpec> ports(Scope scope);

    /** The rule in the JSON shape {@link DescriptorJson} publishes (one key naming the kind). */
    ObjectNode toJson();

    /** What a rule reads: the raw parameters, the type version, and defaults from the descriptor. */
    record Scope(JsonNode parameters, double version, NodeDescriptor descriptor) {

        /** The raw value at a dot path, else the descriptor default, else null. */
        public JsonNode value(String path) {
            if (path.equals(PropertySpec.VERSION)) {
                return Json.F.numberNode(version);
            }
            JsonNode cur = parameters;
            for (String part : path.split("\\.")) {
                cur = cur == null ? null : cur.get(part);
            }
            if (cur == null || cur.isNull()) {
                PropertySpec spec = descriptor == null ? null : descriptor.propertyAt(path, version);
                return spec == null || spec.defaultValue().isNull() ? null : spec.defaultValue();
            }
            return cur;
        }
    }

    static PortRule fixed(PortSpec... ports) {
        return new Fixed(List.of(ports));
    }

    /** The same ports whatever the parameters. */
    record Fixed(List<PortSpec> ports) implements PortRule {
        public Fixed {
            ports = List.copyOf(ports);
        }

        @Override
        public List<PortSpec> ports(Scope scope) {
            return ports;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.set("fixed", DescriptorJson.ports(ports));
            return o;
        }
    }

    /**
     * One port named {@code name}; its display name is the text of {@code labelParameter} when
     * that is non-empty, else {@code displayName}.
     */
    record Labeled(String name, String displayName, String labelParameter) implements PortRule {
        @Override
        public List<PortSpec> ports(Scope scope) {
            JsonNode label = scope.value(labelParameter);
            String text = label == null ? "" : label.asText("");
            return List.of(PortSpec.of(name, text.isEmpty() ? displayName : text));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.putObject("labeled")
                    .put("name", name)
                    .put("displayName", displayName)
                    .put("labelParameter", labelParameter);
            return o;
        }
    }

    /**
     * {@code n} ports where {@code n} is the number parameter {@code parameter} (its integer
     * part) clamped to {@code [min, max]}, or {@code defaultCount} when it is not a JSON number.
     * Port k (from 0) is named by the templates with {@code {i}} = k + {@code first}.
     */
    record Count(String parameter, int defaultCount, int min, int max, String name, String displayName, int first)
            implements PortRule {
        @Override
        public List<PortSpec> ports(Scope scope) {
            JsonNode n = scope.parameters() == null ? null : scope.parameters().get(parameter);
            int count = n != null && n.isNumber() ? Math.max(min, Math.min(n.intValue(), max)) : defaultCount;
            return numbered(count, name, displayName, first);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.putObject("count")
                    .put("parameter", parameter)
                    .put("default", defaultCount)
                    .put("min", min)
                    .put("max", max)
                    .put("name", name)
                    .put("displayName", displayName)
                    .put("first", first);
            return o;
        }
    }

    /**
     * One port per entry of the array parameter {@code parameter}, named {@code {i}} (from 0);
     * its display name is the entry's {@code labelField} when non-empty and, if
     * {@code labelFlag} is set, the entry's {@code labelFlag} field is on (true, the text
     * "true" or a non-zero number); else {@code {i}}.
     */
    record PerEntry(String parameter, String labelField, String labelFlag) implements PortRule {

        @Override
        public List<PortSpec> ports(Scope scope) {
            JsonNode entries = scope.value(parameter);
            List<PortSpec> out = new ArrayList<>();
            for (int i = 0; entries != null && entries.isArray() && i < entries.size(); i++) {
                JsonNode entry = entries.get(i);
                String label = labelFlag == null || entry.path(labelFlag).asBoolean(false)
                        ? entry.path(labelField).asText("")
                        : "";
                out.add(PortSpec.of(String.valueOf(i), label.isEmpty() ? String.valueOf(i) : label));
            }
            return out;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.putObject("perEntry")
                    .put("parameter", parameter)
                    .put("labelField", labelField)
                    .put("labelFlag", labelFlag);
            return o;
        }
    }

    /**
     * Ports {@code 0 … max} where max is the largest number found at {@code paths} (a {@code *}
     * segment walks every array entry; a value that is not a number or numeric text counts as
     * its source's default), and at least {@code min} ports.
     */
    record MaxIndex(List<IndexSource> sources, int min) implements PortRule {
        public MaxIndex {
            sources = List.copyOf(sources);
        }

        /** Where an index is read; {@code fallback} stands in for an unreadable value. */
        public record IndexSource(String path, int fallback) {}

        @Override
        public List<PortSpec> ports(Scope scope) {
            int max = Integer.MIN_VALUE;
            for (IndexSource s : sources) {
                List<JsonNode> found = new ArrayList<>();
                collect(
                        scope.parameters() == null
                                ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                                : scope.parameters(),
                        s.path().split("\\."),
                        0,
                        found);
                for (JsonNode v : found) {
                    max = Math.max(max, v.asInt(s.fallback()));
                }
            }
            return numbered(Math.max(max == Integer.MIN_VALUE ? 0 : max + 1, min), "{i}", "{i}", 0);
        }

        /** Walks like {@link JsonNode#path}: an absent field yields a missing node, read as the fallback. */
        private static void collect(JsonNode cur, String[] parts, int at, List<JsonNode> out) {
            if (at == parts.length) {
                out.add(cur);
            } else if (parts[at].equals("*")) {
                if (cur.isArray()) {
                    cur.forEach(c -> collect(c, parts, at + 1, out));
                }
            } else {
                collect(cur.path(parts[at]), parts, at + 1, out);
            }
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            ObjectNode b = o.putObject("maxIndex").put("min", min);
            ArrayNode arr = b.putArray("sources");
            sources.forEach(s -> arr.addObject().put("path", s.path()).put("fallback", s.fallback()));
            return o;
        }
    }

    /** The ports of every part in order; {@code ifEmpty}'s when they add up to none. */
    record Concat(List<PortRule> parts, PortRule ifEmpty) implements PortRule {
        public Concat {
            parts = List.copyOf(parts);
        }

        @Override
        public List<PortSpec> ports(Scope scope) {
            List<PortSpec> out = new ArrayList<>();
            parts.forEach(p -> out.addAll(p.ports(scope)));
            return out.isEmpty() && ifEmpty != null ? ifEmpty.ports(scope) : out;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            ObjectNode b = o.putObject("concat");
            ArrayNode arr = b.putArray("parts");
            parts.forEach(p -> arr.add(p.toJson()));
            if (ifEmpty != null) {
                b.set("ifEmpty", ifEmpty.toJson());
            }
            return o;
        }
    }

    /**
     * The rule of the first case whose conditions all match (parameter path or
     * {@code @version} → accepted values), else {@code otherwise} (no ports when null).
     */
    record When(List<Case> cases, PortRule otherwise) implements PortRule {
        public When {
            cases = List.copyOf(cases);
        }

        /** One branch: conditions as in show rules, keys are parameter paths or {@code @version}. */
        public record Case(Map<String, List<JsonNode>> conditions, PortRule then) {
            public Case {
                conditions = new LinkedHashMap<>(conditions);
            }
        }

        @Override
        public List<PortSpec> ports(Scope scope) {
            for (Case c : cases) {
                if (Conditions.all(c.conditions(), scope::value)) {
                    return c.then().ports(scope);
                }
            }
            return otherwise == null ? List.of() : otherwise.ports(scope);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            ObjectNode b = o.putObject("when");
            ArrayNode arr = b.putArray("cases");
            cases.forEach(c -> {
                ObjectNode co = arr.addObject();
                co.set("if", DescriptorJson.rules(c.conditions()));
                co.set("then", c.then().toJson());
            });
            if (otherwise != null) {
                b.set("otherwise", otherwise.toJson());
            }
            return o;
        }
    }

    private static List<PortSpec> numbered(int count, String name, String displayName, int first) {
        List<PortSpec> ports = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            String i = String.valueOf(k + first);
            ports.add(PortSpec.of(name.replace("{i}", i), displayName.replace("{i}", i)));
        }
        return ports;
    }
}
