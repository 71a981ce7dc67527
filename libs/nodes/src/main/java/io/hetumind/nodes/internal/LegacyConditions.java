package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.NodeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The v1 conditions of If/Filter/Switch: {@code {boolean|dateTime|number|string: [{value1, operation, value2}]}}. */
public final class LegacyConditions {

    private static final String[] TYPES = {"boolean", "dateTime", "number", "string"};

    private LegacyConditions() {}

    /** Evaluates all conditions, combined with {@code all} (and) or {@code any} (or). */
    public static boolean evaluate(JsonNode conditions, boolean all, int itemIndex, ZoneId zone) {
        int count = 0;
        for (String type : TYPES) {
            JsonNode list = conditions == null ? null : conditions.get(type);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (JsonNode c : list) {
                count++;
                boolean pass = compare(
                        type,
                        c.path("operation").asText(defaultOp(type)),
                        orDefault(c.get("value1"), type),
                        orDefault(c.get("value2"), type),
                        itemIndex,
                        zone);
                if (all && !pass) {
                    return false;
                }
                if (!all && pass) {
                    return true;
                }
            }
        }
        return all || count == 0 ? all : false;
    }

    /** n8n fills an absent value with the field's default: false, 0 or empty text. */
    private static JsonNode orDefault(JsonNode v, String type) {
        if (v != null) {
            return v;
        }
        return switch (type) {
            case "boolean" -> io.hetumind.core.spi.Json.F.booleanNode(false);
            case "number" -> io.hetumind.core.spi.Json.F.numberNode(0);
            default -> io.hetumind.core.spi.Json.F.textNode("");
        };
    }

    private static String defaultOp(String type) {
        return switch (type) {
            case "dateTime" -> "after";
            case "number" -> "smaller";
            default -> "equal";
        };
    }

    /** One comparison with n8n v1 semantics. */
    public static boolean compare(String type, String op, JsonNode v1, JsonNode v2, int itemIndex, ZoneId zone) {
        if (type.equals("dateTime")) {
            long a = millis(v1, itemIndex, zone);
            long b = millis(v2, itemIndex, zone);
            return switch (op) {
                case "after" -> a > b;
                case "before" -> a < b;
                default -> throw NodeException.user("unknown dateTime operation '" + op + "'", itemIndex);
            };
        }
        return switch (op) {
            case "equal" -> Js.deepEquals(v1, v2) && (v1 == null || v2 == null || sameKind(v1, v2));
            case "notEqual" -> !(Js.deepEquals(v1, v2) && (v1 == null || v2 == null || sameKind(v1, v2)));
            case "contains" -> str(v1).contains(str(v2));
            case "notContains" -> !str(v1).contains(str(v2));
            case "startsWith" -> own(v1, "startsWith", itemIndex).startsWith(Js.toString(v2, false));
            case "notStartsWith" -> !own(v1, "startsWith", itemIndex).startsWith(Js.toString(v2, false));
            case "endsWith" -> own(v1, "endsWith", itemIndex).endsWith(Js.toString(v2, false));
            case "notEndsWith" -> !own(v1, "endsWith", itemIndex).endsWith(Js.toString(v2, false));
            case "regex" -> Regexes.matches(str(v2), str(v1), false);
            case "notRegex" -> !Regexes.matches(str(v2), str(v1), false);
            case "isEmpty" -> isEmpty(v1);
            case "isNotEmpty" -> !isEmpty(v1);
            case "smaller" -> num(v1) < num(v2);
            case "smallerEqual" -> num(v1) <= num(v2);
            case "larger" -> num(v1) > num(v2);
            case "largerEqual" -> num(v1) >= num(v2);
            default -> throw NodeException.user("unknown " + type + " operation '" + op + "'", itemIndex);
        };
    }

    private static boolean sameKind(JsonNode a, JsonNode b) {
        return a.getNodeType() == b.getNodeType();
    }

    /**
     * The text of {@code value1} for n8n's {@code value1.startsWith(value2)} / {@code endsWith}, called on the value
     * as it is: only a string has the method, so n8n fails with JavaScript's TypeError for anything else, and so
     * does this (an n8n quirk kept on purpose: the same workflow must fail the same way).
     */
    private static String own(JsonNode v1, String method, int itemIndex) {
        if (v1 == null || v1.isMissingNode() || v1.isNull()) {
            throw NodeException.user(
                    "Cannot read properties of " + (v1 != null && v1.isNull() ? "null" : "undefined") + " (reading '"
                            + method + "')",
                    itemIndex);
        }
        if (!v1.isTextual()) {
            throw NodeException.user("value1." + method + " is not a function", itemIndex);
        }
        return v1.textValue();
    }

    private static String str(JsonNode v) {
        return Js.truthy(v) ? Js.toString(v, false) : "";
    }

    private static double num(JsonNode v) {
        return Js.truthy(v) ? Js.toNumber(v) : 0;
    }

    private static boolean isEmpty(JsonNode v) {
        if (Js.isNullish(v)) {
            return true;
        }
        if (v.isTextual()) {
            return v.textValue().isEmpty();
        }
        if (v.isNumber()) {
            return Double.isNaN(v.doubleValue());
        }
        return v.isContainerNode() && v.isEmpty();
    }

    private static long millis(JsonNode v, int itemIndex, ZoneId zone) {
        if (v != null && v.isNumber()) {
            return v.longValue();
        }
        ZonedDateTime d = v != null && v.isTextual() ? Dates.parse(v.textValue(), zone) : null;
        if (d == null) {
            throw NodeException.user(
                    "The value \"" + (v == null ? "undefined" : Js.toString(v, false)) + "\" is not a valid DateTime.",
                    itemIndex);
        }
        return d.toInstant().toEpochMilli();
    }
}
