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
        boolean strict = loose != null && loose
                ? false
                : !"loose".equals(opts.path("typeValidation").asText("strict"));
        boolean and = !"or".equals(filter.path("combinator").asText("and"));
        JsonNode conditions = filter.path("conditions");
        if (!conditions.isArray() || conditions.isEmpty()) {
            return true;
        }
        for (int c = 0; c < conditions.size(); c++) {
            JsonNode rawCond = raw == null ? null : raw.path("conditions").path(c);
            boolean pass = condition(conditions.get(c), rawCond, c, itemIndex, strict, caseSensitive, zone);
            if (and && !pass) {
                return false;
            }
            if (!and && pass) {
                return true;
            }
        }
        return and;
    }

    private static boolean condition(
            JsonNode cond, JsonNode raw, int index, int itemIndex, boolean strict, boolean caseSensitive, ZoneId zone) {
        JsonNode op = cond.path("operator");
        String type = op.path("type").asText("string");
        String operation = op.path("operation").asText("equals");
        String rightType = op.path("rightType").asText(defaultRightType(type, operation));
        boolean single = op.path("singleValue").asBoolean(false) || UNARY.contains(operation);
        JsonNode left = cond.get("leftValue");
        JsonNode right = cond.get("rightValue");
        // A value typed into the form (no expression) is text the user meant as the operator's type.
        JsonNode l = parse(left, type, strict && typed(raw, "leftValue"), index, itemIndex, zone);
        JsonNode r =
                single ? right : parse(right, rightType, strict && typed(raw, "rightValue"), index, itemIndex, zone);
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
            default ->
                throw NodeException.user("unknown operator type '" + type + "' in condition " + (index + 1), itemIndex);
        };
    }

    private static boolean typed(JsonNode rawCondition, String key) {
        JsonNode v = rawCondition == null ? null : rawCondition.get(key);
        return v == null || !v.isTextual() || v.textValue().startsWith("=");
    }

    /** n8n's operator table: array membership compares with anything, lengths with numbers. */
    private static String defaultRightType(String type, String operation) {
        if (type.equals("array")) {
            return operation.startsWith("length") ? "number" : "any";
        }
        return type;
    }

    private static ZonedDateTime date(JsonNode v, ZoneId zone) {
        return Dates.parse(v, zone);
    }

    private static JsonNode parse(JsonNode value, String type, boolean strict, int index, int itemIndex, ZoneId zone) {
        if (Js.isNullish(value) || type.equals("any")) {
            return value;
        }
        if (type.equals("boolean") && !strict) {
            TypeValidation.Result r = TypeValidation.validate("", value, "boolean", false, zone);
            return r.valid() ? r.value() : io.hetumind.core.spi.Json.F.booleanNode(Js.truthy(value));
        }
        if (type.equals("string") && !strict) {
            return io.hetumind.core.spi.Json.F.textNode(Js.toString(value, true));
        }
        if (type.equals("dateTime") && strict && value.isNumber()) {
            throw wrongType(value, type, index, itemIndex);
        }
        TypeValidation.Result r = TypeValidation.validate("", value, type, strict, zone);
        if (!r.valid()) {
            if (strict) {
                throw wrongType(value, type, index, itemIndex);
            }
            throw new NodeException(
                    io.hetumind.core.spi.ErrorKind.USER,
                    "Conversion error: the " + Js.typeOf(value) + " '" + Js.toString(value, true)
                            + "' can't be converted to a " + type + " in condition " + (index + 1) + " [item "
                            + itemIndex + "]",
                    itemIndex,
                    "Try to change the operator, or change the type with an expression",
                    null);
        }
        return r.value();
    }

    private static NodeException wrongType(JsonNode value, String type, int index, int itemIndex) {
        String t = value.isArray() ? "array" : Js.typeOf(value);
        return new NodeException(
                io.hetumind.core.spi.ErrorKind.USER,
                "Wrong type: '" + Js.toString(value, true) + "' is a " + t + " but was expecting a "
                        + type.toLowerCase(Locale.ROOT) + " in condition " + (index + 1) + " [item " + itemIndex + "]",
                itemIndex,
                "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'.",
                null);
    }
}
