package io.hetumind.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.math.BigDecimal;
import java.util.Locale;

/** The type of a template parameter: what JSON values it accepts, and how a command-line text becomes one. */
public enum ParamType {
    STRING,
    NUMBER,
    BOOLEAN,
    /** Any JSON value (object, array, string, number, boolean, null). */
    JSON;

    /** The lower-case name used in template documents. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code wire} ({@code string|number|boolean|json}), or null. */
    public static ParamType of(String wire) {
        for (ParamType t : values()) {
            if (t.wire().equals(wire)) {
                return t;
            }
        }
        return null;
    }

    /** Whether {@code value} is a value of this type ({@code null} JSON is only a {@code json} value). */
    public boolean accepts(JsonNode value) {
        return switch (this) {
            case STRING -> value.isTextual();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case JSON -> value != null && !value.isMissingNode();
        };
    }

    /**
     * The value a command-line text stands for: a string as is, a number in decimal notation, {@code true} or
     * {@code false}, or a JSON document; throws {@link IllegalArgumentException} saying what was expected.
     */
    public JsonNode parse(String text) {
        return switch (this) {
            case STRING -> Json.F.textNode(text);
            case NUMBER -> {
                try {
                    BigDecimal d = new BigDecimal(text.strip());
                    yield d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                            ? Json.F.numberNode(d.longValueExact())
                            : Json.F.numberNode(d.doubleValue());
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a number");
                }
            }
            case BOOLEAN ->
                switch (text.strip()) {
                    case "true" -> Json.F.booleanNode(true);
                    case "false" -> Json.F.booleanNode(false);
                    default -> throw new IllegalArgumentException("'" + text + "' is not a boolean (true or false)");
                };
            case JSON -> {
                try {
                    yield Json.reader().readTree(text);
                } catch (Exception e) {
                    throw new IllegalArgumentException("'" + text + "' is not JSON");
                }
            }
        };
    }

    /** A value of this type used only to check a template's shape when a parameter has no default. */
    JsonNode sample() {
        return switch (this) {
            case STRING -> Json.F.textNode("");
            case NUMBER -> Json.F.numberNode(0);
            case BOOLEAN -> Json.F.booleanNode(false);
            case JSON -> Json.F.nullNode();
        };
    }

    /** What {@code value} is, in the words of this enum, for error messages. */
    static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isArray() ? "an array" : "an object";
    }
}
