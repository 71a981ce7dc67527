package io.hetumind.nodes.data.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.nodes.internal.Js;

/** Compare Datasets' value equality: lodash {@code isEqual}, or n8n's fuzzy comparison when enabled. */
record Equality(boolean fuzzy, double version) {

    boolean equal(JsonNode a, JsonNode b) {
        if (!fuzzy) {
            return Js.deepEquals(a, b);
        }
        boolean aNil = Js.isNullish(a);
        boolean bNil = Js.isNullish(b);
        if (!aNil && !bNil && Js.typeOf(a).equals(Js.typeOf(b))) {
            return Js.deepEquals(a, b);
        }
        if (version >= 2) {
            // null, undefined, "" and [] all mean "no value" when comparing fuzzily
            if (falsy(a) && falsy(b)) {
                return true;
            }
            if (falsy(a) || falsy(b)) {
                return false;
            }
        }
        if (!aNil && !bNil && isScalar(a) && isScalar(b)) {
            return Js.toString(a, false).equals(Js.toString(b, false));
        }
        return Js.deepEquals(a, b);
    }

    private static boolean isScalar(JsonNode v) {
        return v.isNumber() || v.isTextual() || v.isBoolean();
    }

    private static boolean falsy(JsonNode v) {
        return Js.isNullish(v) || (v.isTextual() && v.textValue().isEmpty()) || (v.isArray() && v.isEmpty());
    }
}
