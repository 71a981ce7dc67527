package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Converts rendered parameter values to the Java types nodes ask for, or explains why not. */
final class ParamConverter {

    private ParamConverter() {}

    /** Returns the converted value or throws {@link IllegalArgumentException} with a reason. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> T convert(JsonNode v, Class<T> type) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            if (type.isInstance(v)) {
                return type.cast(v);
            }
            if (v.isTextual() && (type != com.fasterxml.jackson.databind.node.TextNode.class)) {
                JsonNode parsed = Json.parse(v.textValue()); // JSON given as text
                if (type.isInstance(parsed)) {
                    return type.cast(parsed);
                }
            }
            throw new IllegalArgumentException("expected " + kind(type) + ", got " + v.getNodeType());
        }
        if (type == String.class) {
            return type.cast(v.isValueNode() ? v.asText() : Json.write(v));
        }
        if (type == Boolean.class) {
            if (v.isBoolean()) {
                return type.cast(v.booleanValue());
            }
            String t = v.asText().trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return type.cast(Boolean.parseBoolean(t));
            }
            throw new IllegalArgumentException("expected a boolean, got " + v);
        }
        if (type == Integer.class || type == Long.class || type == Double.class) {
            double d = number(v);
            if (type == Double.class) {
                return type.cast(d);
            }
            if (d != Math.rint(d)) {
                throw new IllegalArgumentException("expected a whole number, got " + v);
            }
            return type == Integer.class ? type.cast((int) d) : type.cast((long) d);
        }
        if (type == Duration.class) {
            return type.cast(duration(v));
        }
        if (type == Instant.class) {
            if (v.isNumber()) {
                return type.cast(Instant.ofEpochMilli(v.asLong()));
            }
            try {
                return type.cast(Instant.parse(v.asText()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected an ISO-8601 instant, got " + v);
            }
        }
        if (type == List.class) {
            List<JsonNode> list = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(list::add);
            } else {
                list.add(v);
            }
            return type.cast(list);
        }
        if (type.isEnum()) {
            String wanted = v.asText().replace("-", "").replace("_", "");
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum) constant).name().replace("_", "");
                if (name.equalsIgnoreCase(wanted)) {
                    return type.cast(constant);
                }
            }
            throw new IllegalArgumentException("unknown value " + v + " for " + type.getSimpleName());
        }
        throw new IllegalArgumentException("unsupported parameter type " + type.getName());
    }

    private static double number(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("expected a number, got " + v);
    }

    /** A number is milliseconds; text is ISO-8601 ({@code PT5S}) or {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static Duration duration(JsonNode v) {
        if (v.isNumber()) {
            return Duration.ofMillis(v.asLong());
        }
        String t = v.asText().trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofMillis(Long.parseLong(t));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration (ms, '30s', 'PT5M'), got " + v);
        }
    }

    private static String kind(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "ObjectNode" -> "an object";
            case "ArrayNode" -> "an array";
            default -> "JSON";
        };
    }
}
