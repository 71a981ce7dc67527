package io.hetumind.nodes.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/** Deep JSON equality as n8n's harness applies it: key order ignored, 1 equals 1.0, types otherwise strict. */
final class Compare {

    private Compare() {}

    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!same(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
