package io.hetumind.nodes.descriptors;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Conditions;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.PropertyType;
import io.hetumind.core.spi.TypeOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks one parameter read against a descriptor in one version: the path is declared; a value
 * written in the workflow fits the declared type and is shown by the show rules given the other
 * parameters; and inside a collection value every key written is declared the same way.
 */
final class DeclaredParams {

    private final NodeDescriptor d;
    private final double version;
    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    private DeclaredParams(NodeDescriptor d, double version, JsonNode root) {
        this.d = d;
        this.version = version;
        this.root = root == null ? Json.object() : root;
    }

    static List<String> check(NodeDescriptor d, double version, JsonNode parameters, String path) {
        DeclaredParams c = new DeclaredParams(d, version, parameters);
        c.walk(path);
        return c.problems;
    }

    private void walk(String path) {
        String[] segs = path.split("\\.");
        List<String> found = new ArrayList<>();
        if (!resolve(null, d.properties(), root, segs, 0, "", found)) {
            problems.add(found.isEmpty() ? "'" + path + "' is not declared for version " + version : found.getFirst());
        }
    }

    /**
     * Resolves {@code segs[at…]} under {@code level}, trying the specs of a name that the show
     * rules show first: n8n declares one name several times under different rules. A value
     * written in the workflow must be shown by some copy; an absent one only declared.
     */
    private boolean resolve(
            PropertySpec parent,
            List<PropertySpec> level,
            JsonNode scope,
            String[] segs,
            int at,
            String where,
            List<String> why) {
        String seg = segs[at];
        String here = where.isEmpty() ? seg : where + "." + seg;
        JsonNode value = scope == null || !scope.isObject() ? null : scope.get(seg);
        List<PropertySpec> candidates = level.stream()
                .filter(p -> p.name().equals(seg) && Conditions.inVersion(p, version))
                .toList();
        List<PropertySpec> shown = candidates.stream()
                .filter(p -> Conditions.shown(p, key -> lookup(level, scope, key)))
                .toList();
        if (candidates.isEmpty()) {
            why.add("'" + here + "' is not declared for version " + version);
            return false;
        }
        boolean present = value != null && !value.isNull();
        if (present && shown.isEmpty()) {
            why.add("'" + here + "' is written but its show rules hide it: "
                    + candidates.getFirst().showWhen() + " / "
                    + candidates.getFirst().hideWhen());
            return false;
        }
        List<PropertySpec> order = new ArrayList<>(shown);
        if (!present) {
            candidates.stream().filter(c -> !shown.contains(c)).forEach(order::add);
        }
        for (PropertySpec spec : order) {
            int next = at + 1;
            JsonNode v = value;
            String w = here;
            while (next < segs.length && !segs[next].isEmpty() && Character.isDigit(segs[next].charAt(0))) {
                v = v == null ? null : v.get(Integer.parseInt(segs[next]));
                w = w + "." + segs[next];
                next++;
            }
            if (next == segs.length) {
                int before = problems.size();
                if (v != null && !v.isNull()) {
                    boolean repeated = spec.type() == PropertyType.COLLECTION
                            && (spec.multipleValues()
                                    || (parent != null
                                            && parent.type() == PropertyType.FIXED_COLLECTION
                                            && parent.multipleValues()));
                    if (repeated && v.isArray()) {
                        for (int k = 0; k < v.size(); k++) {
                            checkValue(spec, v.get(k), w + "." + k);
                        }
                    } else {
                        checkValue(spec, v, w);
                    }
                }
                if (problems.size() == before || order.size() == 1) {
                    return true;
                }
                problems.subList(before, problems.size()).clear(); // try the next copy of the name
                continue;
            }
            if (resolve(spec, spec.children(), v, segs, next, w, why)) {
                return true;
            }
        }
        if (present) {
            int before = problems.size();
            checkValue(order.getFirst(), value, here); // report against the first shown copy
            return problems.size() > before;
        }
        return false;
    }

    /** The declared spec for {@code name} among {@code level}, reporting when there is none. */
    private PropertySpec choose(List<PropertySpec> level, String name, JsonNode scope, JsonNode value, String at) {
        List<PropertySpec> candidates = level.stream()
                .filter(p -> p.name().equals(name) && Conditions.inVersion(p, version))
                .toList();
        if (candidates.isEmpty()) {
            problems.add("'" + at + "' is not declared for version " + version);
            return null;
        }
        if (value == null || value.isNull()) {
            return candidates.getFirst();
        }
        for (PropertySpec p : candidates) {
            if (Conditions.shown(p, key -> lookup(level, scope, key)) && fits(p, value)) {
                return p;
            }
        }
        for (PropertySpec p : candidates) {
            if (Conditions.shown(p, key -> lookup(level, scope, key))) {
                return p;
            }
        }
        problems.add("'" + at + "' is written but its show rules hide it: "
                + candidates.getFirst().showWhen() + " / "
                + candidates.getFirst().hideWhen());
        return candidates.getFirst();
    }

    /** Whether {@code v} fits {@code p} without reporting (to pick among copies of a name). */
    private boolean fits(PropertySpec p, JsonNode v) {
        DeclaredParams probe = new DeclaredParams(d, version, root);
        probe.checkValue(p, v, "");
        return probe.problems.isEmpty();
    }

    private JsonNode lookup(List<PropertySpec> level, JsonNode scope, String key) {
        if (key.equals(PropertySpec.VERSION)) {
            return Json.F.numberNode(version);
        }
        if (key.startsWith("/")) {
            JsonNode v = root;
            for (String part : key.substring(1).split("\\.")) {
                v = v == null ? null : v.get(part);
            }
            PropertySpec spec = d.propertyAt(key.substring(1), version);
            return v != null ? v : spec == null ? null : spec.defaultValue();
        }
        JsonNode v = scope == null ? null : scope.get(key);
        if (v != null) {
            return v;
        }
        return level.stream()
                .filter(p -> p.name().equals(key) && Conditions.inVersion(p, version))
                .findFirst()
                .map(PropertySpec::defaultValue)
                .orElse(null);
    }

    private void checkValue(PropertySpec p, JsonNode v, String at) {
        if (v.isTextual() && v.textValue().startsWith("=")) {
            if (p.noExpression()) {
                problems.add("'" + at + "' takes no expression");
            }
            return;
        }
        if (p.multipleValues() && p.type() != PropertyType.FIXED_COLLECTION && v.isArray()) {
            // a repeated value or group: check each entry
            v.forEach(e -> checkValue(single(p), e, at + "[]"));
            return;
        }
        String problem =
                switch (p.type()) {
                    case STRING, CODE, DATE_TIME -> v.isValueNode() ? null : "text";
                    case CREDENTIAL -> v.isValueNode() || v.isObject() ? null : "a credential reference";
                    case NUMBER -> v.isNumber() || isNumeric(v) ? null : "a number";
                    case BOOLEAN -> v.isBoolean() || v.asText().matches("true|false") ? null : "a boolean";
                    case OPTIONS -> isOption(p, v) ? null : "one of " + optionValues(p);
                    case MULTI_OPTIONS -> v.isArray() && allOptions(p, v) ? null : "a list of " + optionValues(p);
                    case COLLECTION, FIXED_COLLECTION, FILTER -> v.isObject() ? null : "an object";
                    case JSON -> null;
                    case RESOURCE_LOCATOR ->
                        v.isValueNode() || (v.isObject() && v.has("value")) ? null : "text or {__rl, mode, value}";
                };
        if (problem != null) {
            problems.add("'" + at + "' is declared " + p.type().wire() + " and should be " + problem + ", got " + v);
            return;
        }
        if (p.type() == PropertyType.COLLECTION
                || p.type() == PropertyType.FIXED_COLLECTION
                || p.type() == PropertyType.FILTER) {
            checkChildren(p, v, at);
        }
    }

    private void checkChildren(PropertySpec p, JsonNode obj, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = at + "." + e.getKey();
            PropertySpec child = choose(p.children(), e.getKey(), obj, e.getValue(), where);
            if (child == null || e.getValue().isNull()) {
                continue;
            }
            if (p.type() == PropertyType.FIXED_COLLECTION
                    && p.multipleValues()
                    && e.getValue().isArray()) {
                JsonNode entries = e.getValue();
                for (int i = 0; i < entries.size(); i++) {
                    checkValue(child, entries.get(i), where + "." + i);
                }
            } else {
                checkValue(child, e.getValue(), where);
            }
        }
    }

    private static PropertySpec single(PropertySpec p) {
        return new PropertySpec(
                p.name(),
                p.displayName(),
                p.type(),
                p.defaultValue(),
                p.required(),
                p.description(),
                p.placeholder(),
                p.options(),
                p.children(),
                p.showWhen(),
                p.hideWhen(),
                false,
                p.noExpression(),
                p.typeOptions());
    }

    private static boolean isNumeric(JsonNode v) {
        try {
            Double.parseDouble(v.asText().trim());
            return v.isTextual();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isOption(PropertySpec p, JsonNode v) {
        if (p.typeOption(TypeOptions.LOAD_OPTIONS) != null) {
            return v.isValueNode();
        }
        for (var o : p.options()) {
            if (o.value().equals(v)
                    || (o.value().isNumber() && v.isNumber() && o.value().doubleValue() == v.doubleValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean allOptions(PropertySpec p, JsonNode arr) {
        for (JsonNode v : arr) {
            if (!(v.isTextual() && v.textValue().startsWith("=")) && !isOption(p, v)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> optionValues(PropertySpec p) {
        return p.options().stream().map(o -> o.value().toString()).toList();
    }
}
