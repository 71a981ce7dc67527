package io.hetumind.nodes.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.expr.ExpressionException;
import io.hetumind.core.spi.Json;
import java.util.Map;
import org.graalvm.polyglot.Value;

/** JSON to Python literals and Python values back to JSON, as n8n's Pyodide bridge converted them. */
final class PythonValues {

    private static final int MAX_DEPTH = 200;

    private PythonValues() {}

    /** {@code value} as a Python literal; an object is {@code _O({...})}, the prelude's dict with attribute access. */
    static String literal(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonNode v, StringBuilder out) {
        switch (v.getNodeType()) {
            case OBJECT -> {
                out.append("_O({");
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    string(e.getKey(), out);
                    out.append(": ");
                    write(e.getValue(), out);
                }
                out.append("})");
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(v.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(v.asText(), out);
            case BOOLEAN -> out.append(v.asBoolean() ? "True" : "False");
            case NUMBER -> out.append(v.isIntegralNumber() ? v.bigIntegerValue().toString() : number(v.asDouble()));
            default -> out.append("None");
        }
    }

    private static String number(double d) {
        // JSON has no NaN or infinity; Java's 1.0E10 is a Python float literal as it is
        return Double.toString(d);
    }

    private static void string(String s, StringBuilder out) {
        out.append('\'');
        s.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                out.append((char) c);
            } else if (c <= 0xffff) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append(String.format("\\U%08x", c));
            }
        });
        out.append('\'');
    }

    /** What the code returned, as JSON: dicts, lists, tuples, text, numbers, booleans and None (null) only. */
    static JsonNode json(Value v) {
        return json(v, 0);
    }

    private static JsonNode json(Value v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ExpressionException("Code returned data nested deeper than " + MAX_DEPTH + " levels", null);
        }
        if (v.isNull()) {
            return Json.F.nullNode();
        }
        if (v.isBoolean()) {
            return Json.F.booleanNode(v.asBoolean());
        }
        if (v.isString()) {
            return Json.F.textNode(v.asString());
        }
        if (v.isNumber()) {
            if (v.fitsInInt()) {
                return Json.F.numberNode(v.asInt());
            }
            if (v.fitsInLong()) {
                return Json.F.numberNode(v.asLong());
            }
            if (v.fitsInBigInteger() && !isFloat(v)) {
                return Json.F.numberNode(v.asBigInteger());
            }
            double d = v.asDouble();
            // as JSON.stringify keeps them in n8n: NaN and infinities become null
            return Double.isFinite(d) ? Json.F.numberNode(d) : Json.F.nullNode();
        }
        if (v.hasHashEntries()) {
            ObjectNode o = Json.object();
            Value keys = v.getHashKeysIterator();
            while (keys.hasIteratorNextElement()) {
                Value key = keys.getIteratorNextElement();
                o.set(key.isString() ? key.asString() : key.toString(), json(v.getHashValue(key), depth + 1));
            }
            return o;
        }
        if (v.hasArrayElements()) {
            ArrayNode a = Json.array();
            for (long i = 0; i < v.getArraySize(); i++) {
                a.add(json(v.getArrayElement(i), depth + 1));
            }
            return a;
        }
        Value type = v.getMetaObject();
        throw new ExpressionException(
                "Code returned a value that is not JSON data: a '"
                        + (type == null ? v.toString() : type.getMetaSimpleName()) + "'",
                null);
    }

    private static boolean isFloat(Value v) {
        Value type = v.getMetaObject();
        return type != null && "float".equals(type.getMetaSimpleName());
    }
}
