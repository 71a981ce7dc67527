package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hetumind.core.spi.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * n8n's {@code $fromAI('key', 'description', 'type', default)} calls in parameter values: found and
 * parsed as n8n-workflow's {@code fromAIParser} does, turned into the tool's JSON Schema as
 * {@code createNodeAsTool} does, and replaced by the model's values.
 */
final class FromAi {

    /** One call: {@code type} as written (n8n compares it case-sensitively, checks it case-insensitively). */
    record Call(String key, String description, String type, JsonNode defaultValue) {

        String kind() {
            return type.toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern START = Pattern.compile("\\$fromAI\\s*\\(\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final List<String> TYPES = List.of("string", "number", "boolean", "json");

    private FromAi() {}

    /** A call found in a string: where it is and what it asks. */
    private record Found(int start, int end, Call call) {}

    /**
     * Every call in {@code node}'s strings, by key; the last of a key wins, as in n8n. A bad key, an
     * unknown type, an unclosed call or one key with two descriptions or types is an
     * {@link IllegalArgumentException}.
     */
    static void collect(JsonNode node, Map<String, Call> out) {
        if (node.isTextual()) {
            for (Found f : find(node.asText())) {
                Call c = f.call();
                if (!KEY.matcher(c.key()).matches()) {
                    throw new IllegalArgumentException(
                            c.key().isEmpty()
                                    ? "you must specify a key when using $fromAI()"
                                    : "$fromAI(...) key '" + c.key() + "' is invalid: 1 to 64 letters, digits, _ or -");
                }
                Call previous = out.put(c.key(), c);
                if (previous != null
                        && (!previous.type().equals(c.type())
                                || !java.util.Objects.equals(previous.description(), c.description()))) {
                    throw new IllegalArgumentException(
                            "$fromAI('" + c.key() + "') is used twice with a different description or type");
                }
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /**
     * The tool's input schema, as zod-to-json-schema writes n8n's: a described property per key,
     * {@code default} when the call has one (then it is not required).
     */
    static ObjectNode schema(Iterable<Call> calls) {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (Call c : calls) {
            ObjectNode p = props.putObject(c.key());
            switch (c.kind()) {
                case "number" -> p.put("type", "number");
                case "boolean" -> p.put("type", "boolean");
                case "json" -> {
                    // n8n: a non-empty object or a non-empty array
                    ArrayNode any = p.putArray("anyOf");
                    any.addObject()
                            .put("type", "object")
                            .put("minProperties", 1)
                            .put("additionalProperties", true);
                    any.addObject().put("type", "array").put("items", true).put("minItems", 1);
                }
                default -> p.put("type", "string");
            }
            if (c.description() != null && !c.description().isEmpty()) {
                p.put("description", c.description());
            }
            if (c.defaultValue() == null) {
                required.add(c.key());
            } else {
                p.set("default", c.defaultValue());
            }
        }
        return schema;
    }

    /**
     * The model's tool call read against the {@code $fromAI} calls: its arguments as JSON, and a value per call (the
     * call's default when the model gave none); or the error text the model gets back instead.
     */
    record Bound(JsonNode arguments, Map<String, JsonNode> values, String error) {}

    /** Reads {@code argumentsJson} and binds each of {@code calls} to its argument, checking its type. */
    static Bound bind(java.util.Collection<Call> calls, String argumentsJson) {
        JsonNode args;
        try {
            args = Json.reader().readTree(argumentsJson);
        } catch (Exception e) {
            return new Bound(null, Map.of(), "There was an error: \"the tool arguments are not JSON\"");
        }
        Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
        for (Call c : calls) {
            JsonNode v = args == null ? null : args.get(c.key());
            if (v == null || v.isNull()) {
                v = c.defaultValue();
            }
            if (v == null) {
                return new Bound(args, Map.of(), "There was an error: \"the argument '" + c.key() + "' is missing\"");
            }
            String wrong = mismatch(c, v);
            if (wrong != null) {
                return new Bound(args, Map.of(), "There was an error: \"" + wrong + "\"");
            }
            values.put(c.key(), v);
        }
        return new Bound(args, values, null);
    }

    /** Why the model's {@code value} does not fit the call's type (as zod refuses it in n8n), or null. */
    static String mismatch(Call c, JsonNode value) {
        boolean ok =
                switch (c.kind()) {
                    case "number" -> value.isNumber();
                    case "boolean" -> value.isBoolean();
                    case "json" -> value.isContainerNode() && !value.isEmpty();
                    default -> value.isTextual();
                };
        if (ok) {
            return null;
        }
        String expected = "json".equals(c.kind()) ? "a non-empty object or array" : "a " + c.kind();
        return "the argument '" + c.key() + "' must be " + expected + ", not " + Json.write(value);
    }

    static JsonNode substitute(JsonNode node, Map<String, JsonNode> values) {
        if (node.isTextual()) {
            String s = node.asText();
            List<Found> found = find(s);
            if (found.isEmpty()) {
                return node;
            }
            StringBuilder sb = new StringBuilder();
            int at = 0;
            for (Found f : found) {
                sb.append(s, at, f.start()).append(literal(values.get(f.call().key())));
                at = f.end();
            }
            return TextNode.valueOf(sb.append(s.substring(at)).toString());
        }
        if (node.isObject()) {
            ObjectNode o = Json.object();
            node.properties().forEach(e -> o.set(e.getKey(), substitute(e.getValue(), values)));
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Json.array();
            node.forEach(e -> a.add(substitute(e, values)));
            return a;
        }
        return node;
    }

    /**
     * The model's value as an expression: {@code JSON.parse("…")} of its JSON, braces escaped, so
     * no value can close the surrounding {@code {{ }}} or open another (no expression injection).
     */
    static String literal(JsonNode value) {
        String jsString = Json.write(TextNode.valueOf(Json.write(value)));
        return "JSON.parse(" + jsString.replace("{", "\\u007b").replace("}", "\\u007d") + ")";
    }

    /** The calls in {@code s}: the arguments run to the matching parenthesis, quotes respected (n8n's scan). */
    private static List<Found> find(String s) {
        List<Found> out = new ArrayList<>();
        var m = START.matcher(s);
        int from = 0;
        while (from <= s.length() && m.find(from)) {
            int i = m.end();
            int depth = 1;
            char quote = 0;
            StringBuilder args = new StringBuilder();
            while (i < s.length() && depth > 0) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && i + 1 < s.length()) {
                        args.append(c).append(s.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (c == quote) {
                        quote = 0;
                    }
                    args.append(c);
                } else {
                    if (c == '"' || c == '\'' || c == '`') {
                        quote = c;
                    } else if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                    }
                    if (depth > 0) {
                        args.append(c);
                    }
                }
                i++;
            }
            if (depth > 0) {
                throw new IllegalArgumentException("a $fromAI(...) call is not closed: " + s.substring(m.start()));
            }
            out.add(new Found(m.start(), i, parse(args.toString())));
            from = i;
        }
        return out;
    }

    /** One call's arguments: split at commas outside quotes, quotes removed, default read by type. */
    private static Call parse(String argsString) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean escape = false;
        for (int i = 0; i < argsString.length(); i++) {
            char c = argsString.charAt(i);
            if (escape) {
                current.append(c);
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '"' || c == '\'' || c == '`') {
                if (quote == 0) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == ',' && quote == 0) {
                args.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            args.add(current.toString().strip());
        }
        List<String> clean = args.stream().map(FromAi::unquote).toList();
        String key = clean.isEmpty() ? "" : clean.getFirst();
        String type = clean.size() > 2 ? clean.get(2) : "string";
        if (!TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "$fromAI('" + key + "') has an unknown type '" + type + "' (string, number, boolean, json)");
        }
        String description = clean.size() > 1 ? clean.get(1) : null;
        JsonNode defaultValue = clean.size() > 3 ? defaultValue(clean.get(3), type.toLowerCase(Locale.ROOT)) : null;
        return new Call(key, description, type, defaultValue);
    }

    private static String unquote(String arg) {
        if (arg.length() >= 2) {
            char first = arg.charAt(0);
            if ((first == '\'' || first == '"' || first == '`') && arg.charAt(arg.length() - 1) == first) {
                return arg.substring(1, arg.length() - 1);
            }
        }
        return arg;
    }

    /** n8n's {@code parseDefaultValue}: text for strings, else boolean, number, JSON, or the text itself. */
    private static JsonNode defaultValue(String text, String type) {
        if ("string".equals(type)) {
            return TextNode.valueOf(text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if ("boolean".equals(type) && (lower.equals("true") || lower.equals("false"))) {
            return BooleanNode.valueOf(lower.equals("true"));
        }
        if ("number".equals(type)) {
            if (text.isBlank()) {
                return Json.F.numberNode(0); // JavaScript's Number('') is 0
            }
            try {
                return Json.F.numberNode(new BigDecimal(text.strip()));
            } catch (NumberFormatException e) {
                // not a number: read as JSON below, as n8n does
            }
        }
        try {
            JsonNode parsed = Json.reader().readTree(text);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }
}
