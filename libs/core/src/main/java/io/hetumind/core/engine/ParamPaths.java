package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Dot-path lookups in parameter trees and in descriptors, with the splits cached. */
final class ParamPaths {

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

    /** Every property spec of a descriptor by dot path (through collection children). */
    static Map<String, PropertySpec> index(NodeDescriptor d) {
        Map<String, PropertySpec> out = new java.util.HashMap<>();
        add(out, "", d.properties());
        return out;
    }

    private static void add(Map<String, PropertySpec> out, String prefix, List<PropertySpec> props) {
        for (PropertySpec p : props) {
            // n8n declares one name several times under different show rules; the first wins.
            out.putIfAbsent(prefix + p.name(), p);
            add(out, prefix + p.name() + ".", p.children());
        }
    }
}
