package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Symbol;
import org.mozilla.javascript.Undefined;

/** Converts script results to Jackson trees (typed results) and to text (mixed templates). */
final class ValueConverter {

    private static final JsonNodeFactory F = Json.F;
    private static final int MAX_DEPTH = 200;
    private static final double MAX_SAFE = 9.007199254740991E15;
    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final int maxStringLength;

    ValueConverter(int maxStringLength) {
        this.maxStringLength = maxStringLength;
    }

    JsonNode toJson(Object value) {
        return toJson(value, 0);
    }

    private JsonNode toJson(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ExpressionException("The result is nested too deeply or refers to itself", null);
        }
        if (value == null || value instanceof Undefined || value instanceof Symbol) {
            return F.nullNode();
        }
        if (value instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (value instanceof Number n) {
            return number(n.doubleValue());
        }
        if (value instanceof CharSequence s) {
            return F.textNode(checkLength(s).toString());
        }
        if (value instanceof JsonObject object && object.isPristine()) {
            return object.source();
        }
        if (value instanceof JsonArray array && array.isPristine()) {
            return array.source();
        }
        if (value instanceof DateTimeObject dateTime) {
            return dateTime.isValid() ? F.textNode(dateTime.toIso()) : F.nullNode();
        }
        if (value instanceof Scriptable object && "Date".equals(object.getClassName())) {
            double millis = ScriptRuntime.toNumber(object);
            return Double.isNaN(millis) ? F.nullNode() : F.textNode(JS_ISO.format(Instant.ofEpochMilli((long) millis)));
        }
        if (value instanceof NativeArray array) {
            return array(array, depth);
        }
        if (value instanceof Callable) {
            return F.nullNode();
        }
        if (value instanceof Scriptable object) {
            Object toJson = ScriptableObject.getProperty(object, "toJSON");
            if (toJson instanceof Callable fn) {
                Context cx = Context.getCurrentContext();
                return toJson(fn.call(cx, object.getParentScope(), object, new Object[0]), depth + 1);
            }
            return object(object, depth);
        }
        return F.textNode(checkLength(String.valueOf(value)).toString());
    }

    private ArrayNode array(NativeArray array, int depth) {
        long length = array.getLength();
        if (length > maxStringLength) {
            throw tooLarge();
        }
        ArrayNode out = F.arrayNode((int) length);
        for (int i = 0; i < length; i++) {
            Object element = array.get(i, array);
            out.add(element == Scriptable.NOT_FOUND ? F.nullNode() : toJson(element, depth + 1));
        }
        return out;
    }

    private ObjectNode object(Scriptable object, int depth) {
        ObjectNode out = F.objectNode();
        for (Object id : object.getIds()) {
            Object element = id instanceof Integer i ? object.get(i, object) : object.get(id.toString(), object);
            // JSON.stringify drops undefined and functions
            if (element instanceof Undefined || element instanceof Callable || element == Scriptable.NOT_FOUND) {
                continue;
            }
            out.set(id.toString(), toJson(element, depth + 1));
        }
        return out;
    }

    /** A JS number as JSON: integral values become integer nodes (3, not 3.0); NaN/Infinity null. */
    static JsonNode number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return F.nullNode();
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE) {
            long l = (long) d;
            return l == (int) l ? F.numberNode((int) l) : F.numberNode(l);
        }
        return F.numberNode(d);
    }

    /** Text of a value in a mixed template: strings as is, null empty, containers as JSON. */
    String render(JsonNode node) {
        String text =
                switch (node.getNodeType()) {
                    case NULL, MISSING -> "";
                    case STRING -> node.textValue();
                    case NUMBER -> node.isIntegralNumber() ? node.asText() : ScriptRuntime.toString(node.doubleValue());
                    case BOOLEAN -> node.booleanValue() ? "true" : "false";
                    default -> Json.write(node);
                };
        checkLength(text);
        return text;
    }

    CharSequence checkLength(CharSequence s) {
        if (s.length() > maxStringLength) {
            throw tooLarge();
        }
        return s;
    }

    ExpressionException tooLarge() {
        return new ExpressionException(
                "Expression result exceeds the size limit of " + maxStringLength + " characters", null);
    }
}
