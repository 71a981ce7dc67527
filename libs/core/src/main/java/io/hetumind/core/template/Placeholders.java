package io.hetumind.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.validate.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where parameter values go in a template's workflow document. Two spellings:
 *
 * <ul>
 *   <li>a whole value {@code {"$param": "name"}} (an object with that one field) anywhere a JSON value may stand — it
 *       becomes the parameter's value with its type (a number stays a number, a JSON object an object);
 *   <li>inside a string, {@code ${param:name}} — replaced by the value's text (a string as is, any other value as
 *       compact JSON, no value as nothing); {@code $${param:} writes a literal {@code ${param:}.
 * </ul>
 *
 * Object keys are never substituted. Names are {@code [A-Za-z_][A-Za-z0-9_]*}.
 */
public final class Placeholders {
    /** The field of a whole-value placeholder. */
    public static final String FIELD = "$param";

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final String OPEN = "${param:";
    private static final String ESCAPED = "$" + OPEN;

    private Placeholders() {}

    /** One use of a parameter: its name and the JSON path of the value it stands in. */
    public record Use(String name, String path) {}

    /** Every use in {@code tree} (paths start at {@code base}); malformed placeholders are added to {@code problems}. */
    public static List<Use> uses(JsonNode tree, String base, List<Problem> problems) {
        List<Use> out = new ArrayList<>();
        walk(tree, base, out, problems);
        return out;
    }

    /**
     * A copy of {@code tree} with every placeholder replaced by {@code values.apply(name)} (null: JSON null). Call it
     * on a tree whose {@link #uses} reported no problem.
     */
    public static JsonNode substitute(JsonNode tree, Function<String, JsonNode> values) {
        if (tree.isObject()) {
            String whole = wholeName(tree);
            if (whole != null) {
                JsonNode v = values.apply(whole);
                return v == null ? Json.F.nullNode() : v.deepCopy();
            }
            ObjectNode copy = Json.object();
            for (Map.Entry<String, JsonNode> e : tree.properties()) {
                copy.set(e.getKey(), substitute(e.getValue(), values));
            }
            return copy;
        }
        if (tree.isArray()) {
            ArrayNode copy = Json.array();
            for (JsonNode e : tree) {
                copy.add(substitute(e, values));
            }
            return copy;
        }
        if (tree.isTextual() && tree.asText().contains(OPEN)) {
            return Json.F.textNode(render(tree.asText(), values));
        }
        return tree.deepCopy();
    }

    private static String wholeName(JsonNode object) {
        JsonNode field = object.get(FIELD);
        return object.size() == 1 && field != null && field.isTextual() ? field.asText() : null;
    }

    private static void walk(JsonNode node, String path, List<Use> out, List<Problem> problems) {
        if (node.isObject()) {
            if (node.has(FIELD)) {
                String name = wholeName(node);
                if (name == null) {
                    problems.add(Problem.error(
                            "bad-placeholder",
                            null,
                            path,
                            "a placeholder is an object with the one field \"$param\" naming a parameter"));
                } else if (!NAME.matcher(name).matches()) {
                    problems.add(Problem.error(
                            "bad-placeholder",
                            null,
                            path,
                            "'" + name + "' is not a parameter name ([A-Za-z_][A-Za-z0-9_]*)"));
                } else {
                    out.add(new Use(name, path));
                }
                return;
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), child(path, e.getKey()), out, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", out, problems);
            }
        } else if (node.isTextual()) {
            scan(node.asText(), path, out, problems);
        }
    }

    private static void scan(String s, String path, List<Use> out, List<Problem> problems) {
        int i = 0;
        while ((i = s.indexOf(OPEN, i)) >= 0) {
            if (i > 0 && s.startsWith(ESCAPED, i - 1)) {
                i += OPEN.length();
                continue;
            }
            int end = s.indexOf('}', i + OPEN.length());
            if (end < 0) {
                problems.add(Problem.error("bad-placeholder", null, path, "'${param:' without a closing '}'"));
                return;
            }
            String name = s.substring(i + OPEN.length(), end);
            if (!NAME.matcher(name).matches()) {
                problems.add(Problem.error(
                        "bad-placeholder",
                        null,
                        path,
                        "'" + name + "' is not a parameter name ([A-Za-z_][A-Za-z0-9_]*)"));
            } else {
                out.add(new Use(name, path));
            }
            i = end + 1;
        }
    }

    private static String render(String s, Function<String, JsonNode> values) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith(ESCAPED, i)) {
                sb.append(OPEN);
                i += ESCAPED.length();
            } else if (s.startsWith(OPEN, i)) {
                int end = s.indexOf('}', i + OPEN.length());
                JsonNode v = values.apply(s.substring(i + OPEN.length(), end));
                if (v != null && !v.isNull()) {
                    sb.append(v.isTextual() ? v.asText() : Json.write(v));
                }
                i = end + 1;
            } else {
                sb.append(s.charAt(i++));
            }
        }
        return sb.toString();
    }

    private static String child(String path, String key) {
        return NAME.matcher(key).matches() ? path + "." + key : path + "['" + key.replace("'", "\\'") + "']";
    }
}
