package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.NodeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Evaluates n8n's filter parameter ({@code conditions}, {@code combinator}, {@code options})
 * used by If v2, Filter v2 and Switch v3: typed operators with strict or loose type validation.
 */
public final class FilterConditions {

    private static final java.util.Set<String> UNARY =
            java.util.Set.of("exists", "notExists", "empty", "notEmpty", "true", "false");

    private FilterConditions() {}

    /**
     * Evaluates the rendered filter {@code filter} for item {@code itemIndex}. {@code loose}
     * and {@code ignoreCase} (nullable) override the filter's own options.
     */
    /**
     * The v2 conditions of the node in {@code ctx} for item {@code item}, with its type
     * validation and case options (If and Filter share them).
     */
    public static boolean matches(io.hetumind.core.spi.NodeContext ctx, int item) {
        boolean loose = ctx.param("looseTypeValidation", item, Boolean.class, false)
                || ctx.param("options.looseTypeValidation", item, Boolean.class, false);
        Boolean ignoreCase = ctx.param("options.ignoreCase", item, Boolean.class, null);
        return evaluate(
                ctx.paramTree("conditions", item), ctx.rawParam("conditions"), item, loose, ignoreCase, ctx.zone());
    }

    public static boolean evaluate(
            JsonNode filter, JsonNode raw, int itemIndex, Boolean loose, Boolean ignoreCase, ZoneId zone) {
        if (filter == null || !filter.isObject()) {
            return true;
        }
        JsonNode opts = filter.path("options");
        // n8n reads only the filter's own caseSensitive at run time; the node's "Ignore Case" option is what the
        // editor writes into it (typeOptions.filter.caseSensitive = !options.ignoreCase), so it counts only
        // for a filter that does not carry the flag.
        boolean caseSensitive = opts.hasNonNull("caseSensitive")
                ? opts.get("caseSensitive").asBoolean(true)
                : ignoreCase == null || !ignoreCase;
        // Likewise n8n validates types as the filter's own typeValidation says (executeFilter reads value.options); the
        // node's "Convert types where required" reaches the run only through what the editor wrote there, so it counts
        // only for a filter that does not carry the flag.
        boolean strict = opts.hasNonNull("typeValidation")
                ? "strict".equals(opts.get("typeValidation").asText())
                : loose == null || !loose;
        // n8n: options.version ?? 1; the editor writes the node version's filter version (If/Filter 2.2 and Switch 3.2
        // write 2, If/Filter 2.3 and Switch 3.4 write 3), so a filter without one parses as version 1.
        JsonNode v = opts.get("version");
        double version = Js.isNullish(v) ? 1 : Js.toNumber(v);
        boolean and = !"or".equals(filter.path("combinator").asText("and"));
        JsonNode conditions = filter.path("conditions");
        if (!conditions.isArray() || conditions.isEmpty()) {
            return true;
        }
        for (int c = 0; c < conditions.size(); c++) {
            JsonNode rawCond = raw == null ? null : raw.path("conditions").path(c);
            boolean pass =
                    condition(conditions.get(c), rawCond, c, itemIndex, new Mode(strict, caseSensitive, version), zone);
            if (and && !pass) {
                return false;
            }
            if (!and && pass) {
                return true;
            }
        }
        return and;
    }

    /** A filter's options: strict type validation, case sensitivity, and the filter version (1 to 3). */
    private record Mode(boolean strict, boolean caseSensitive, double version) {}

    private static boolean condition(JsonNode cond, JsonNode raw, int index, int itemIndex, Mode mode, ZoneId zone) {
        boolean strict = mode.strict();
        boolean caseSensitive = mode.caseSensitive();
        JsonNode op = cond.path("operator");
        String type = op.path("type").asText("string");
        String operation = op.path("operation").asText("equals");
        // n8n: operator.rightType ?? operator.type (the editor writes rightType for the operators that need one)
        String rightType = op.path("rightType").asText(type);
        boolean single = op.path("singleValue").asBoolean(false) || UNARY.contains(operation);
        JsonNode left = cond.get("leftValue");
        JsonNode right = cond.get("rightValue");
        // A value typed into the form (no expression) is text the user meant as the operator's type.
        Parsed pl = parse(left, type, strict && typed(raw, "leftValue"), mode.version(), zone);
        Parsed pr = parse(right, rightType, strict && typed(raw, "rightValue"), mode.version(), zone);
        boolean rightValid = pr.valid() || single;
        // n8n's order of complaints: both sides of the same JavaScript type, then the left, then the right side
        String suffix = " [condition " + index + ", item " + itemIndex + "]";
        if (!pl.valid() && !rightValid && Js.typeOf(left).equals(Js.typeOf(right))) {
            throw filterError(
                    "Comparison type expects " + article(type) + " but both fields are " + article(Js.typeOf(left)),
                    strict,
                    itemIndex);
        }
        if (!pl.valid()) {
            throw filterError(invalidType(type, left, strict) + suffix, strict, itemIndex);
        }
        if (!rightValid) {
            throw filterError(invalidType(rightType, right, strict) + suffix, strict, itemIndex);
        }
        JsonNode l = pl.value();
        JsonNode r = pr.valid() ? pr.value() : right;
        boolean exists = !Js.isNullish(l) && !(l.isNumber() && Double.isNaN(l.doubleValue()));
        switch (operation) {
            case "exists":
                return exists;
            case "notExists":
                return !exists;
            default:
                break;
        }
        return switch (type) {
            case "string" -> FilterOperators.string(operation, l, r, caseSensitive, exists);
            case "number" -> FilterOperators.number(operation, l, r, exists);
            case "dateTime" -> FilterOperators.dateTime(operation, date(l, zone), date(r, zone), exists);
            case "boolean" -> FilterOperators.bool(operation, l, r, exists);
            case "array" -> FilterOperators.array(operation, l, r, caseSensitive, exists);
            case "object" -> FilterOperators.object(operation, l, exists);
            default -> throw NodeException.user("unknown operator type '" + type + "'" + suffix, itemIndex);
        };
    }

    private static boolean typed(JsonNode rawCondition, String key) {
        JsonNode v = rawCondition == null ? null : rawCondition.get(key);
        return v == null || !v.isTextual() || v.textValue().startsWith("=");
    }

    private static ZonedDateTime date(JsonNode v, ZoneId zone) {
        return Dates.parse(v, zone);
    }

    /** A side of a condition converted to the operator's type, or not convertible. */
    private record Parsed(boolean valid, JsonNode value) {}

    /** n8n's {@code parseSingleFilterValue}. */
    private static Parsed parse(JsonNode value, String type, boolean strict, double version, ZoneId zone) {
        if (Js.isNullish(value) || type.equals("any")) {
            return new Parsed(true, value);
        }
        if (type.equals("boolean") && !strict) {
            // version 1 takes JavaScript's truthiness ("false" is true); version 2 on parses "false", "0", "no" first
            TypeValidation.Result r = version >= 2 ? TypeValidation.validate("", value, "boolean", false, zone) : null;
            return new Parsed(
                    true,
                    r != null && r.valid() ? r.value() : io.hetumind.core.spi.Json.F.booleanNode(Js.truthy(value)));
        }
        // Version 3: a blank string or an empty array is no number (not 0, which Number() makes of them), even strictly
        boolean blank = value.isTextual() && Js.trim(value.textValue()).isEmpty() || value.isArray() && value.isEmpty();
        if (type.equals("number") && blank && version >= 3) {
            return new Parsed(true, io.hetumind.core.spi.Json.F.nullNode());
        }
        if (type.equals("string") && !strict) {
            return new Parsed(true, io.hetumind.core.spi.Json.F.textNode(Js.toString(value, true)));
        }
        if (type.equals("dateTime") && strict && value.isNumber()) {
            return new Parsed(false, null);
        }
        TypeValidation.Result r = TypeValidation.validate("", value, type, strict, zone);
        return new Parsed(r.valid(), r.value());
    }

    /** n8n's message for a side that is not of (strict) or not convertible to (loose) the operator's type. */
    private static String invalidType(String type, JsonNode value, boolean strict) {
        String from = Js.typeOf(value).toLowerCase(Locale.ROOT);
        String shown = Js.toString(value, true);
        return strict
                ? "Wrong type: '" + shown + "' is " + article(from) + " but was expecting " + article(type)
                : "Conversion error: the " + from + " '" + shown + "' can't be converted to " + article(type);
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private static NodeException filterError(String message, boolean strict, int itemIndex) {
        return new NodeException(
                io.hetumind.core.spi.ErrorKind.USER,
                message,
                itemIndex,
                strict
                        ? "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'."
                        : "Try changing the type of the comparison.",
                null);
    }
}
