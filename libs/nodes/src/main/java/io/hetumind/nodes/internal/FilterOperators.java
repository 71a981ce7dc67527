package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Pattern;

/** The operators of n8n's filter parameter, per operand type, on already converted values. */
final class FilterOperators {

    private FilterOperators() {}

    static boolean string(String op, JsonNode l, JsonNode r, boolean caseSensitive, boolean exists) {
        String left = Js.isNullish(l) ? "" : Js.toString(l, true);
        String right = Js.isNullish(r) ? "" : Js.toString(r, true);
        boolean regex = op.equals("regex") || op.equals("notRegex");
        if (!caseSensitive) {
            // n8n (filter-parameter.ts) lower-cases the value, and the right value too except for the regex
            // operators: a pattern keeps its case and its escapes (\D, \W …) and gets no "i" flag from the option;
            // only its own /…/i literal flags make it case-insensitive
            left = left.toLowerCase(Locale.ROOT);
            if (!regex) {
                right = right.toLowerCase(Locale.ROOT);
            }
        }
        return switch (op) {
            case "empty" -> !exists || left.isEmpty();
            case "notEmpty" -> exists && !left.isEmpty();
            case "equals" -> left.equals(right);
            case "notEquals" -> !left.equals(right);
            case "contains" -> left.contains(right);
            case "notContains" -> !left.contains(right);
            case "startsWith" -> left.startsWith(right);
            case "notStartsWith" -> !left.startsWith(right);
            case "endsWith" -> left.endsWith(right);
            case "notEndsWith" -> !left.endsWith(right);
            case "regex" -> Regexes.matches(right, left, false);
            case "notRegex" -> !Regexes.matches(right, left, false);
            default -> unknown("string", op);
        };
    }

    /**
     * As n8n, whose operands are JavaScript values here: {@code equals} is {@code ===} (null equals only null, a
     * missing value only a missing one), and an ordering converts null to 0 and a missing value to NaN, which no
     * comparison holds for.
     */
    static boolean number(String op, JsonNode l, JsonNode r, boolean exists) {
        return switch (op) {
            case "empty" -> !exists;
            case "notEmpty" -> exists;
            case "equals" -> strictlyEqual(l, r);
            case "notEquals" -> !strictlyEqual(l, r);
            case "gt" -> ordered(l) > ordered(r);
            case "lt" -> ordered(l) < ordered(r);
            case "gte" -> ordered(l) >= ordered(r);
            case "lte" -> ordered(l) <= ordered(r);
            default -> unknown("number", op);
        };
    }

    private static boolean undefined(JsonNode v) {
        return v == null || v.isMissingNode();
    }

    /** JavaScript's {@code ===} on converted number operands. */
    private static boolean strictlyEqual(JsonNode l, JsonNode r) {
        if (undefined(l) || undefined(r)) {
            return undefined(l) && undefined(r);
        }
        if (l.isNull() || r.isNull()) {
            return l.isNull() && r.isNull();
        }
        return Js.toNumber(l) == Js.toNumber(r);
    }

    /** JavaScript's ToNumber for a relational comparison: null is 0, undefined NaN. */
    private static double ordered(JsonNode v) {
        return undefined(v) ? Double.NaN : v.isNull() ? 0 : Js.toNumber(v);
    }

    static boolean dateTime(String op, ZonedDateTime l, ZonedDateTime r, boolean exists) {
        if (op.equals("empty")) {
            return !exists;
        }
        if (op.equals("notEmpty")) {
            return exists;
        }
        if (l == null || r == null) {
            return false;
        }
        long a = l.toInstant().toEpochMilli();
        long b = r.toInstant().toEpochMilli();
        return switch (op) {
            case "equals" -> a == b;
            case "notEquals" -> a != b;
            case "after" -> a > b;
            case "before" -> a < b;
            case "afterOrEquals" -> a >= b;
            case "beforeOrEquals" -> a <= b;
            default -> unknown("dateTime", op);
        };
    }

    /**
     * As n8n on the converted operands: {@code true} is the left value's truthiness and {@code false} its negation, so
     * a null or missing value is "false"; {@code equals} is {@code ===}, under which null equals only null and a
     * missing value only a missing one.
     */
    static boolean bool(String op, JsonNode l, JsonNode r, boolean exists) {
        return switch (op) {
            case "empty" -> !exists;
            case "notEmpty" -> exists;
            case "true" -> Js.truthy(l);
            case "false" -> !Js.truthy(l);
            case "equals" -> strictlyEqualBooleans(l, r);
            case "notEquals" -> !strictlyEqualBooleans(l, r);
            default -> unknown("boolean", op);
        };
    }

    private static boolean strictlyEqualBooleans(JsonNode l, JsonNode r) {
        if (undefined(l) || undefined(r)) {
            return undefined(l) && undefined(r);
        }
        if (l.isNull() || r.isNull()) {
            return l.isNull() && r.isNull();
        }
        return Js.deepEquals(l, r) || (l.isBoolean() && r.isBoolean() && l.booleanValue() == r.booleanValue());
    }

    static boolean array(String op, JsonNode l, JsonNode r, boolean caseSensitive, boolean exists) {
        int size = l != null && l.isArray() ? l.size() : 0;
        double n = Js.toNumber(r);
        return switch (op) {
            case "empty" -> size == 0;
            case "notEmpty" -> size != 0;
            case "contains" -> contains(l, r, caseSensitive);
            case "notContains" -> !contains(l, r, caseSensitive);
            case "lengthEquals" -> size == n;
            case "lengthNotEquals" -> size != n;
            case "lengthGt" -> size > n;
            case "lengthLt" -> size < n;
            case "lengthGte" -> size >= n;
            case "lengthLte" -> size <= n;
            default -> unknown("array", op);
        };
    }

    private static boolean contains(JsonNode array, JsonNode value, boolean caseSensitive) {
        if (array == null || !array.isArray()) {
            return false;
        }
        for (JsonNode e : array) {
            if (!caseSensitive && e.isTextual() && value != null && value.isTextual()) {
                if (e.textValue().equalsIgnoreCase(value.textValue())) {
                    return true;
                }
            } else if (e.isValueNode() && Js.deepEquals(e, value)) {
                return true;
            }
        }
        return false;
    }

    static boolean object(String op, JsonNode l, boolean exists) {
        boolean empty = !exists || !l.isObject() || l.isEmpty();
        return switch (op) {
            case "empty" -> empty;
            case "notEmpty" -> !empty;
            default -> unknown("object", op);
        };
    }

    private static boolean unknown(String type, String op) {
        throw io.hetumind.core.spi.NodeException.user("unknown " + type + " operation '" + op + "'");
    }

    /** Compiles a JS-style {@code /pattern/flags} or bare pattern. */
    static Pattern compile(String source, boolean ignoreCase) {
        return Regexes.compile(source, ignoreCase);
    }
}
