package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.internal.Js;
import java.util.Iterator;
import java.util.Map;

/** JavaScript's {@code JSON.stringify(value)} and {@code JSON.stringify(value, null, 2)} for JSON trees. */
final class JsJson {

    private JsJson() {}

    static String stringify(JsonNode value, boolean pretty) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, pretty ? "  " : null, "");
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode v, String indent, String current) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append("null");
        } else if (v.isTextual()) {
            sb.append(Json.write(v));
        } else if (v.isNumber()) {
            double d = v.doubleValue();
            sb.append(Double.isFinite(d) ? Js.numberToString(d) : "null");
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue());
        } else if (v.isArray()) {
            container(sb, v.elements(), null, '[', ']', indent, current);
        } else if (v.isObject()) {
            container(sb, null, v.properties().iterator(), '{', '}', indent, current);
        } else {
            sb.append(Json.write(v));
        }
    }

    private static void container(
            StringBuilder sb,
            Iterator<JsonNode> elements,
            Iterator<Map.Entry<String, JsonNode>> fields,
            char open,
            char close,
            String indent,
            String current) {
        boolean any = elements != null ? elements.hasNext() : fields.hasNext();
        if (!any) {
            sb.append(open).append(close);
            return;
        }
        String inner = indent == null ? "" : current + indent;
        sb.append(open);
        boolean first = true;
        while (elements != null ? elements.hasNext() : fields.hasNext()) {
            sb.append(first ? "" : ",");
            first = false;
            if (indent != null) {
                sb.append('\n').append(inner);
            }
            if (elements != null) {
                write(sb, elements.next(), indent, inner);
            } else {
                Map.Entry<String, JsonNode> e = fields.next();
                sb.append(Json.write(Json.F.textNode(e.getKey()))).append(indent == null ? ":" : ": ");
                write(sb, e.getValue(), indent, inner);
            }
        }
        if (indent != null) {
            sb.append('\n').append(current);
        }
        sb.append(close);
    }
}
