package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.util.Locale;

/**
 * n8n's {@code fuzzyCompare} (Merge "Fuzzy Compare", Compare Datasets): values of one JavaScript type compare
 * deeply; otherwise empty values (null, "", []) match each other and a missing field, numbers match their text,
 * objects match their JSON text, booleans match "true"/"false" (any case), 1/0 and "1"/"0". From compare
 * version 2 on, null also matches 0 and "0". A {@code null} argument stands for a missing field (undefined).
 */
public final class FuzzyCompare {

    private FuzzyCompare() {}

    public static boolean equal(JsonNode item1, JsonNode item2, int compareVersion) {
        boolean undefined1 = item1 == null || item1.isMissingNode();
        boolean undefined2 = item2 == null || item2.isMissingNode();
        boolean null1 = !undefined1 && item1.isNull();
        boolean null2 = !undefined2 && item2.isNull();
        String type1 = undefined1 ? "undefined" : Js.typeOf(item1);
        String type2 = undefined2 ? "undefined" : Js.typeOf(item2);
        if (!null1 && !null2 && type1.equals(type2)) {
            return undefined1 || Js.deepEquals(item1, item2);
        }
        if (compareVersion >= 2) {
            if (null1 && (null2 || zero(item2))) {
                return true;
            }
            if (null2 && (null1 || zero(item1))) {
                return true;
            }
        }
        if (falsy(item1) && falsy(item2)) {
            return true;
        }
        if ((falsy(item1) && undefined2) || (undefined1 && falsy(item2))) {
            return true;
        }
        if (type1.equals("number") && type2.equals("string")) {
            return Js.numberToString(item1.doubleValue()).equals(item2.textValue());
        }
        if (type1.equals("string") && type2.equals("number")) {
            return item1.textValue().equals(Js.numberToString(item2.doubleValue()));
        }
        if (!null1 && type1.equals("object") && type2.equals("string")) {
            return parsedEquals(item2.textValue(), item1);
        }
        if (!null2 && type1.equals("string") && type2.equals("object")) {
            return parsedEquals(item1.textValue(), item2);
        }
        if (type1.equals("boolean") || type2.equals("boolean")) {
            JsonNode bool = type1.equals("boolean") ? item1 : item2;
            JsonNode other = type1.equals("boolean") ? item2 : item1;
            if (other != null && other.isTextual()) {
                String text = other.textValue();
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.equals(bool.booleanValue() ? "true" : "false")) {
                    return true;
                }
                if (text.equals(bool.booleanValue() ? "1" : "0")) {
                    return true;
                }
            }
            if (other != null && other.isNumber() && other.doubleValue() == (bool.booleanValue() ? 1 : 0)) {
                return true;
            }
        }
        return false; // lodash isEqual of values of different types
    }

    /** n8n's isFalsy: null, the empty string or an empty array (not 0, not false, not undefined). */
    private static boolean falsy(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return false;
        }
        return v.isNull() || (v.isTextual() && v.textValue().isEmpty()) || (v.isArray() && v.isEmpty());
    }

    private static boolean zero(JsonNode v) {
        return v != null
                && ((v.isNumber() && v.doubleValue() == 0)
                        || (v.isTextual() && v.textValue().equals("0")));
    }

    private static boolean parsedEquals(String text, JsonNode value) {
        try {
            return Js.deepEquals(Json.parse(text), value);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
