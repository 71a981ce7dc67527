package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Conditions;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Dot-path lookups in parameter trees and in descriptors, with the splits cached. */
public final class ParamPaths {

    private static final Map<String, String[]> SPLITS = new ConcurrentHashMap<>();

    private ParamPaths() {}

    static String[] split(String path) {
        return SPLITS.computeIfAbsent(path, p -> p.split("\\."));
    }

    /** The value at {@code path} (object keys, or array indexes as numbers), or null. */
    static JsonNode get(JsonNode root, String path) {
        JsonNode cur = root;
        for (String part : split(path)) {
            if (cur == null) {
                return null;
            }
            if (cur.isArray() && !part.isEmpty() && Character.isDigit(part.charAt(0))) {
                cur = cur.get(Integer.parseInt(part));
            } else {
                cur = cur.get(part);
            }
        }
        return cur;
    }

    /**
     * Every property spec of a node's descriptor by dot path (through collection children), as n8n
     * resolves it for that node: where a name is declared several times under different show rules
     * (typically one declaration per version or per operation, each with its own default), the
     * declaration shown for this version and these parameters wins; then the first in this version;
     * then the first. The others' children stay reachable for paths the winner does not declare.
     */
    public static Map<String, PropertySpec> index(NodeDescriptor d, double version, JsonNode parameters) {
        Map<String, PropertySpec> out = new java.util.HashMap<>();
        add(out, "", d.properties(), version, parameters);
        return out;
    }

    private static void add(
            Map<String, PropertySpec> out, String prefix, List<PropertySpec> props, double version, JsonNode values) {
        Map<String, List<PropertySpec>> byName = new java.util.LinkedHashMap<>();
        for (PropertySpec p : props) {
            byName.computeIfAbsent(p.name(), k -> new java.util.ArrayList<>(1)).add(p);
        }
        for (Map.Entry<String, List<PropertySpec>> e : byName.entrySet()) {
            List<PropertySpec> declared = e.getValue();
            PropertySpec chosen = declared.size() == 1 ? declared.get(0) : choose(declared, props, version, values);
            JsonNode child = values == null ? null : values.get(e.getKey());
            JsonNode childValues = child != null && child.isObject() ? child : null;
            String path = prefix + e.getKey();
            out.putIfAbsent(path, chosen);
            add(out, path + ".", chosen.children(), version, childValues);
            for (PropertySpec other : declared) {
                if (other != chosen) {
                    add(out, path + ".", other.children(), version, childValues);
                }
            }
        }
    }

    private static PropertySpec choose(
            List<PropertySpec> declared, List<PropertySpec> siblings, double version, JsonNode values) {
        java.util.function.Function<String, JsonNode> lookup = key -> siblingValue(key, siblings, version, values);
        PropertySpec inVersion = null;
        for (PropertySpec p : declared) {
            if (Conditions.inVersion(p, version)) {
                if (Conditions.shown(p, lookup)) {
                    return p;
                }
                if (inVersion == null) {
                    inVersion = p;
                }
            }
        }
        return inVersion != null ? inVersion : declared.get(0);
    }

    /** What a show rule key reads: the version, the set value, else the default of its first declaration in version. */
    private static JsonNode siblingValue(String key, List<PropertySpec> siblings, double version, JsonNode values) {
        if (PropertySpec.VERSION.equals(key)) {
            return Json.F.numberNode(version);
        }
        JsonNode set = values == null ? null : values.get(key);
        if (set != null && !set.isNull()) {
            return set;
        }
        for (PropertySpec p : siblings) {
            if (p.name().equals(key) && Conditions.inVersion(p, version)) {
                return p.defaultValue().isNull() ? null : p.defaultValue();
            }
        }
        return null;
    }
}
