package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mozilla.javascript.Undefined;

/** Turns Jackson nodes into the JavaScript values expressions see. */
final class JsonViews {

    private JsonViews() {}

    static Object wrap(JsonNode node, Sandbox sandbox) {
        if (node == null || node.isMissingNode()) {
            return Undefined.instance;
        }
        if (node instanceof ObjectNode object) {
            return new JsonObject(object, sandbox);
        }
        if (node instanceof ArrayNode array) {
            return JsonArray.of(array, sandbox);
        }
        return scalar(node);
    }

    static Object scalar(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> node.textValue();
            case NUMBER -> node.doubleValue();
            case BOOLEAN -> node.booleanValue();
            case NULL -> null;
            case MISSING -> Undefined.instance;
            // binary and POJO nodes never reach scripts as host objects
            default -> node.asText();
        };
    }

    static boolean isPristine(Object value) {
        if (value instanceof JsonObject object) {
            return object.isPristine();
        }
        if (value instanceof JsonArray array) {
            return array.isPristine();
        }
        return true;
    }

    /** The index for a canonical non-negative integer key ("0", "42"), else -1. */
    static int arrayIndex(String key) {
        int n = key.length();
        if (n == 0 || n > 9 || (n > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
