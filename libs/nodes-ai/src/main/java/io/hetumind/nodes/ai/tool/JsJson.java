package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** JavaScript's {@code JSON.stringify(value, null, 2)} for JSON trees (numbers as JavaScript prints them). */
final class JsJson {

    private JsJson() {}

    static String pretty(JsonNode value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode v, String indent) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append("null");
        } else if (v.isNumber()) {
            sb.append(number(v));
        } else if (v.isContainerNode()) {
            boolean array = v.isArray();
            if (v.isEmpty()) {
                sb.append(array ? "[]" : "{}");
                return;
            }
            String inner = indent + "  ";
            sb.append(array ? '[' : '{');
            Iterator<JsonNode> elements = v.elements();
            Iterator<Map.Entry<String, JsonNode>> fields = v.properties().iterator();
            boolean first = true;
            while (array ? elements.hasNext() : fields.hasNext()) {
                sb.append(first ? "\n" : ",\n").append(inner);
                first = false;
                if (array) {
                    write(sb, elements.next(), inner);
                } else {
                    Map.Entry<String, JsonNode> f = fields.next();
                    sb.append(Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(f.getKey())))
                            .append(": ");
                    write(sb, f.getValue(), inner);
                }
            }
            sb.append('\n').append(indent).append(array ? ']' : '}');
        } else {
            sb.append(Json.write(v));
        }
    }

    /** A number as JavaScript's {@code String(n)}: integers plainly, exponents below 1e-7 and from 1e21. */
    static String number(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        double abs = Math.abs(d);
        if (abs >= 1e-7 && abs < 1e21) {
            return new BigDecimal(Double.toString(d)).toPlainString();
        }
        String s = Double.toString(d); // shortest digits, as JavaScript's
        int e = s.indexOf('E');
        String mantissa = s.substring(0, e).replaceFirst("\\.0$", "");
        String exponent = s.substring(e + 1);
        return mantissa + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
    }
}
