package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.math.BigDecimal;

/** JavaScript's loose conversions on JSON values ({@code String(v)}, {@code Number(v)}, truthiness), as n8n nodes rely on them. */
public final class Js {

    private Js() {}

    /** True for a missing or JSON null value (JS {@code undefined} or {@code null}). */
    public static boolean isNullish(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /** JS truthiness. */
    public static boolean truthy(JsonNode v) {
        if (isNullish(v)) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return true;
    }

    /** {@code typeof v} of the JS value the JSON stands for. */
    public static String typeOf(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "undefined";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return "object";
    }

    /** {@code Number(v)}: NaN when not numeric. */
    public static double toNumber(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return Double.NaN;
        }
        if (v.isNull()) {
            return 0;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? 1 : 0;
        }
        if (v.isTextual()) {
            return toNumber(v.textValue());
        }
        if (v.isArray()) {
            if (v.isEmpty()) {
                return 0;
            }
            return v.size() == 1 ? toNumber(v.get(0)) : Double.NaN;
        }
        return Double.NaN;
    }

    /** {@code text.trim()}: JavaScript's white space (Unicode space separators, BOM, tabs) and line terminators. */
    public static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && jsSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && jsSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean jsSpace(char c) {
        return c == '\t'
                || c == '\n'
                || c == 0x0B
                || c == '\f'
                || c == '\r'
                || c == '\uFEFF'
                || c == '\u2028'
                || c == '\u2029'
                || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /** {@code Number(text)}. */
    public static double toNumber(String text) {
        String t = trim(text);
        if (t.isEmpty()) {
            return 0;
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.equals("Infinity") || t.equals("+Infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            if (t.equals("-Infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                return Double.NaN;
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A JSON number for {@code d}: integral values become integers, as JS prints them. */
    public static JsonNode number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Json.F.nullNode();
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            long l = (long) d;
            return l == (int) l ? Json.F.numberNode((int) l) : Json.F.numberNode(l);
        }
        return Json.F.numberNode(d);
    }

    /** JS's {@code String(n)} for a number. */
    public static String numberToString(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new BigDecimal(d).toPlainString();
        }
        String s = Double.toString(d);
        if (s.contains("E")) {
            String[] p = s.split("E");
            String mant = p[0].endsWith(".0") ? p[0].substring(0, p[0].length() - 2) : p[0];
            int exp = Integer.parseInt(p[1]);
            if (exp >= -6 && exp < 21) {
                return new BigDecimal(d)
                        .round(new java.math.MathContext(17))
                        .stripTrailingZeros()
                        .toPlainString();
            }
            return mant + "e" + (exp > 0 ? "+" : "") + exp;
        }
        return s;
    }

    /** {@code String(v)}; objects and arrays become JSON text when {@code jsonForObjects}. */
    public static String toString(JsonNode v, boolean jsonForObjects) {
        if (v == null || v.isMissingNode()) {
            return "undefined";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            return numberToString(v.doubleValue());
        }
        if (v.isBoolean()) {
            return Boolean.toString(v.booleanValue());
        }
        if (jsonForObjects) {
            return Json.write(v);
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                JsonNode e = v.get(i);
                sb.append(isNullish(e) ? "" : toString(e, false));
            }
            return sb.toString();
        }
        return "[object Object]";
    }

    /** Deep equality that treats numerically equal numbers ({@code 1} and {@code 1.0}) as equal. */
    public static boolean deepEquals(JsonNode a, JsonNode b) {
        if (isNullish(a) || isNullish(b)) {
            return isNullish(a) && isNullish(b) && (a == null || a.isMissingNode()) == (b == null || b.isMissingNode());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!deepEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!b.has(k) || !deepEquals(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
