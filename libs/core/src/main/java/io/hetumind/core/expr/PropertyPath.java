package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A fast path for the most common expressions, {@code $json.a.b}, {@code $json["a b"]} and
 * {@code $json.list[0]}, read straight from the Jackson tree without entering Rhino. Whenever
 * JavaScript could answer differently (a missing parent, a property of a string or array such
 * as {@code length}, an inherited member) it declines and the script runs instead.
 */
final class PropertyPath {

    /**
     * Returned when the fast path cannot answer exactly as the script would; compared by identity (an instance of its
     * own: a missing property is answered with Jackson's missing node, undefined).
     */
    static final JsonNode DECLINED = new com.fasterxml.jackson.databind.node.TextNode("declined");

    private static final Set<String> INHERITED = Set.of(
            "constructor",
            "toString",
            "toLocaleString",
            "valueOf",
            "hasOwnProperty",
            "isPrototypeOf",
            "propertyIsEnumerable",
            "__proto__",
            "__parent__",
            "__defineGetter__",
            "__defineSetter__",
            "__lookupGetter__",
            "__lookupSetter__");

    private final Object[] steps;

    private PropertyPath(Object[] steps) {
        this.steps = steps;
    }

    /** The path for {@code code}, or null when it is anything but a plain {@code $json} path. */
    static PropertyPath parse(String code) {
        String s = code.strip();
        if (!s.startsWith("$json")) {
            return null;
        }
        List<Object> steps = new ArrayList<>();
        int i = 5;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && isIdentifierPart(s.charAt(i))) {
                    i++;
                }
                if (i == start || Character.isDigit(s.charAt(start))) {
                    return null;
                }
                steps.add(s.substring(start, i));
            } else if (c == '[') {
                int end = s.indexOf(']', i);
                if (end < 0) {
                    return null;
                }
                Object step = bracketStep(s.substring(i + 1, end).strip());
                if (step == null) {
                    return null;
                }
                steps.add(step);
                i = end + 1;
            } else {
                return null;
            }
        }
        if (i == 5 && s.length() != 5) {
            return null;
        }
        for (Object step : steps) {
            if (step instanceof String name && INHERITED.contains(name)) {
                return null;
            }
        }
        return new PropertyPath(steps.toArray());
    }

    private static Object bracketStep(String inside) {
        if (inside.length() >= 2) {
            char q = inside.charAt(0);
            if ((q == '"' || q == '\'') && inside.charAt(inside.length() - 1) == q) {
                String key = inside.substring(1, inside.length() - 1);
                if (key.indexOf('\\') >= 0 || key.indexOf(q) >= 0) {
                    return null;
                }
                int index = JsonViews.arrayIndex(key);
                return index >= 0 ? index : key;
            }
        }
        int index = JsonViews.arrayIndex(inside);
        return index >= 0 ? index : null;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The value as the script would return it, or {@link #DECLINED}. */
    JsonNode evaluate(ObjectNode json) {
        JsonNode node = json;
        for (int i = 0; i < steps.length; i++) {
            Object step = steps[i];
            JsonNode next;
            if (node instanceof ObjectNode object) {
                next = object.get(step.toString());
            } else if (node instanceof ArrayNode array && step instanceof Integer index) {
                next = array.get(index);
            } else {
                return DECLINED;
            }
            if (next == null) {
                // a missing last property is undefined, as the script would say
                return i == steps.length - 1 ? MissingNode.getInstance() : DECLINED;
            }
            node = next;
        }
        return switch (node.getNodeType()) {
            case NUMBER -> ValueConverter.number(node.doubleValue());
            case OBJECT, ARRAY, STRING, BOOLEAN, NULL -> node;
            default -> DECLINED;
        };
    }
}
