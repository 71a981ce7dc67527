package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/** n8n's {@code validateFieldType}: converts a value to a field type, strictly or loosely. */
public final class TypeValidation {

    /** Outcome of a conversion: {@code value} when valid, else {@code error}. */
    public record Result(boolean valid, JsonNode value, String error) {
        static Result ok(JsonNode value) {
            return new Result(true, value, null);
        }
    }

    private TypeValidation() {}

    /** How n8n describes a value in error messages. */
    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "'undefined'";
        }
        if (v.isNull()) {
            return "'null'";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isObject()) {
            return "object";
        }
        return "'" + Js.toString(v, false) + "'";
    }

    /**
     * Converts {@code value} to {@code type} (string, number, boolean, dateTime, array, object,
     * any). Null passes through. Strict mode rejects values of another JSON type.
     */
    public static Result validate(String field, JsonNode value, String type, boolean strict, ZoneId zone) {
        if (Js.isNullish(value)) {
            return Result.ok(Json.F.nullNode());
        }
        String msg = "'" + field + "' expects a " + type + " but we got " + describe(value);
        Result bad = new Result(false, null, msg);
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string" -> strict && !value.isTextual() ? bad : Result.ok(Json.F.textNode(Js.toString(value, true)));
            case "number" -> {
                if (strict && !value.isNumber()) {
                    yield bad;
                }
                double d = Js.toNumber(value);
                yield Double.isNaN(d) ? bad : Result.ok(value.isNumber() ? value : Js.number(d));
            }
            case "boolean" -> {
                if (value.isBoolean()) {
                    yield Result.ok(value);
                }
                if (strict) {
                    yield bad;
                }
                JsonNode b = parseBoolean(value);
                yield b == null ? bad : Result.ok(b);
            }
            case "datetime" -> {
                if (strict && !value.isTextual()) {
                    yield bad;
                }
                ZonedDateTime dt = Dates.parse(value, zone);
                yield dt == null
                        ? bad
                        : Result.ok(Json.F.textNode(dt.toOffsetDateTime().toString()));
            }
            case "array" -> {
                if (value.isArray()) {
                    yield Result.ok(value);
                }
                if (strict) {
                    yield bad;
                }
                JsonNode parsed = parseJsonLoosely(Js.toString(value, true));
                yield parsed != null && parsed.isArray() ? Result.ok(parsed) : bad;
            }
            case "object" -> {
                if (value.isObject()) {
                    yield Result.ok(value);
                }
                if (strict) {
                    yield bad;
                }
                JsonNode parsed = parseJsonLoosely(Js.toString(value, true));
                yield parsed != null && parsed.isObject() ? Result.ok(parsed) : bad;
            }
            default -> Result.ok(value);
        };
    }

    /** n8n's {@code tryToParseBoolean}: true/false in any case, 1/0, or null when neither. */
    public static JsonNode parseBoolean(JsonNode value) {
        if (value.isBoolean()) {
            return value;
        }
        if (value.isTextual()) {
            String t = value.textValue().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Json.F.booleanNode(t.equals("true"));
            }
            if (t.isBlank()) {
                return null;
            }
        }
        double d = Js.toNumber(value);
        if (d == 0) {
            return Json.F.booleanNode(false);
        }
        if (d == 1) {
            return Json.F.booleanNode(true);
        }
        return null;
    }

    /** JSON, or JSON written with single quotes; null when neither parses. */
    public static JsonNode parseJsonLoosely(String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            try {
                return Json.parse(text.replace('\'', '"'));
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }
}
