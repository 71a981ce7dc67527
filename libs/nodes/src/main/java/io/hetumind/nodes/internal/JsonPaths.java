package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Lodash-style {@code get}/{@code set}/{@code unset} on JSON trees ({@code a.b[0].c}), as n8n nodes use them. */
public final class JsonPaths {

    private JsonPaths() {}

    /** Splits {@code a.b[0]["c.d"]} into {@code [a, b, 0, c.d]}. */
    public static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(parts, cur);
                i++;
            } else if (c == '[') {
                flush(parts, cur);
                int end = path.indexOf(']', i);
                if (end < 0) {
                    cur.append(path, i, path.length());
                    break;
                }
                String inner = path.substring(i + 1, end).trim();
                if (inner.length() >= 2
                        && (inner.charAt(0) == '"' || inner.charAt(0) == '\'')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    inner = inner.substring(1, inner.length() - 1);
                }
                parts.add(inner);
                i = end + 1;
            } else {
                cur.append(c);
                i++;
            }
        }
        flush(parts, cur);
        return parts;
    }

    private static void flush(List<String> parts, StringBuilder cur) {
        if (!cur.isEmpty()) {
            parts.add(cur.toString());
            cur.setLength(0);
        }
    }

    /** The value at {@code path}, or null when absent; with {@code dotNotation} false the path is one key. */
    public static JsonNode get(JsonNode root, String path, boolean dotNotation) {
        if (root == null || path == null) {
            return null;
        }
        if (!dotNotation) {
            return root.get(path);
        }
        if (root.has(path)) {
            return root.get(path);
        }
        JsonNode cur = root;
        for (String part : split(path)) {
            if (cur == null) {
                return null;
            }
            cur = cur.isArray() ? (isIndex(part) ? cur.get(Integer.parseInt(part)) : null) : cur.get(part);
        }
        return cur;
    }

    public static JsonNode get(JsonNode root, String path) {
        return get(root, path, true);
    }

    /** Sets {@code value} at {@code path}, creating objects (or arrays for numeric keys) on the way. */
    public static void set(ObjectNode root, String path, JsonNode value, boolean dotNotation) {
        // lodash's set, like its get and unset, takes a path that is already a key of the object as that key
        if (!dotNotation || root.has(path)) {
            root.set(path, value);
            return;
        }
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            root.set(path, value);
            return;
        }
        JsonNode cur = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            String part = parts.get(i);
            boolean nextIsIndex = isIndex(parts.get(i + 1));
            JsonNode child = child(cur, part);
            if (child == null || !child.isContainerNode()) {
                child = nextIsIndex ? root.arrayNode() : root.objectNode();
                put(cur, part, child);
            }
            cur = child;
        }
        put(cur, parts.getLast(), value);
    }

    /** Removes the value at {@code path}, if present. */
    public static void unset(ObjectNode root, String path, boolean dotNotation) {
        if (!dotNotation || root.has(path)) {
            root.remove(path);
            return;
        }
        List<String> parts = split(path);
        JsonNode cur = root;
        for (int i = 0; i < parts.size() - 1 && cur != null; i++) {
            cur = child(cur, parts.get(i));
        }
        if (cur instanceof ObjectNode o) {
            o.remove(parts.getLast());
        }
    }

    private static JsonNode child(JsonNode node, String part) {
        if (node.isArray()) {
            return isIndex(part) ? node.get(Integer.parseInt(part)) : null;
        }
        return node.get(part);
    }

    private static void put(JsonNode container, String part, JsonNode value) {
        if (container instanceof ObjectNode o) {
            o.set(part, value);
        } else if (container instanceof ArrayNode a && isIndex(part)) {
            int idx = Integer.parseInt(part);
            while (a.size() <= idx) {
                a.addNull();
            }
            a.set(idx, value);
        }
    }

    static boolean isIndex(String part) {
        if (part.isEmpty() || part.length() > 9) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            if (!Character.isDigit(part.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
