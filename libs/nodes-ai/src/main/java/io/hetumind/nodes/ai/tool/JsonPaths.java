package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** lodash's {@code get}, {@code set} and {@code unset} by path ({@code a.b}, {@code a[0].b}) on JSON trees. */
final class JsonPaths {

    private JsonPaths() {}

    static List<String> keys(String path) {
        List<String> keys = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int at = 0;
            int open = part.indexOf('[');
            if (open < 0) {
                keys.add(part);
                continue;
            }
            if (open > 0) {
                keys.add(part.substring(0, open));
            }
            at = open;
            while (at < part.length() && part.charAt(at) == '[') {
                int close = part.indexOf(']', at);
                if (close < 0) {
                    keys.add(part.substring(at));
                    break;
                }
                keys.add(part.substring(at + 1, close).replaceAll("^[\"']|[\"']$", ""));
                at = close + 1;
            }
        }
        return keys;
    }

    /** The value at {@code path}, or null when any step is missing. */
    static JsonNode get(JsonNode root, String path) {
        JsonNode n = root;
        for (String k : keys(path)) {
            if (n == null) {
                return null;
            }
            n = n.isArray() && k.matches("\\d+") ? n.get(Integer.parseInt(k)) : n.isObject() ? n.get(k) : null;
        }
        return n;
    }

    /**
     * Sets {@code value} at {@code path}, making objects on the way; a null value makes the way but no
     * leaf (lodash sets {@code undefined}, which {@code JSON.stringify} leaves out).
     */
    static void set(ObjectNode root, String path, JsonNode value) {
        List<String> keys = keys(path);
        ObjectNode n = root;
        for (int i = 0; i < keys.size() - 1; i++) {
            JsonNode next = n.get(keys.get(i));
            n = next instanceof ObjectNode o ? o : n.putObject(keys.get(i));
        }
        if (value != null) {
            n.set(keys.getLast(), value.deepCopy());
        }
    }

    static void unset(JsonNode root, String path) {
        List<String> keys = keys(path);
        JsonNode parent = get(root, String.join(".", keys.subList(0, keys.size() - 1)));
        if (keys.size() == 1) {
            parent = root;
        }
        String last = keys.getLast();
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a && last.matches("\\d+") && Integer.parseInt(last) < a.size()) {
            a.set(Integer.parseInt(last), com.fasterxml.jackson.databind.node.NullNode.instance);
        }
    }
}
