package io.hetumind.studio.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.OptionSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.TypeOptions;
import io.hetumind.platform.problem.ProblemException;
import java.util.Iterator;
import java.util.Map;

/**
 * A credential's data checked against its type's properties, and its masked form. Every problem is a 400 naming the
 * field ({@code data.<property>}); no value is ever echoed in a message, since it may be a secret.
 */
public final class CredentialData {
    /**
     * What a secret field shows in every response. Sent back in a PATCH, it keeps the stored value (as n8n's
     * placeholder does), so a form can be saved without retyping secrets.
     */
    public static final String MASK = "__hetumind_masked__";

    private static final int MAX_TEXT = 32 * 1024;

    private CredentialData() {}

    /** {@code data} with defaults filled in, checked in full: unknown fields, types, options, required values. */
    public static ObjectNode validated(CredentialDescriptor type, JsonNode data) {
        if (data == null || data.isNull()) {
            data = Json.object();
        }
        if (!data.isObject()) {
            throw ProblemException.invalid("data", "must be an object of the type's fields");
        }
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            CredentialProperty p = type.property(e.getKey());
            if (p == null) {
                throw ProblemException.invalid(
                        "data." + e.getKey(), "is not a field of credential type '" + type.id() + "'");
            }
            if (MASK.equals(e.getValue().asText(null))) {
                throw ProblemException.invalid("data." + e.getKey(), "holds the mask, not a value");
            }
            if (!e.getValue().isNull()) {
                out.set(e.getKey(), checked(p.spec(), e.getValue()));
            }
        }
        for (CredentialProperty p : type.properties()) {
            JsonNode v = out.get(p.name());
            if (v == null && !p.spec().defaultValue().isNull()) {
                out.set(p.name(), p.spec().defaultValue().deepCopy());
                v = out.get(p.name());
            }
            if (p.spec().required()
                    && (v == null || (v.isTextual() && v.asText().isBlank()))) {
                throw ProblemException.invalid("data." + p.name(), "is required");
            }
        }
        return out;
    }

    /**
     * The data after a partial update: fields of {@code patch} replace stored ones, a null removes one (its default
     * applies), the {@link #MASK} keeps the stored value, absent fields are kept. The result is validated in full.
     */
    public static ObjectNode merged(CredentialDescriptor type, ObjectNode stored, JsonNode patch) {
        if (patch == null || patch.isNull()) {
            return validated(type, stored);
        }
        if (!patch.isObject()) {
            throw ProblemException.invalid("data", "must be an object of the type's fields");
        }
        ObjectNode next = stored.deepCopy();
        for (var e : patch.properties()) {
            if (MASK.equals(e.getValue().asText(null))) {
                if (type.property(e.getKey()) == null) {
                    throw ProblemException.invalid(
                            "data." + e.getKey(), "is not a field of credential type '" + type.id() + "'");
                }
                continue;
            }
            if (e.getValue().isNull()) {
                next.remove(e.getKey());
            } else {
                next.set(e.getKey(), e.getValue());
            }
        }
        return validated(type, next);
    }

    /** {@code data} as responses show it: every non-empty secret field replaced by {@link #MASK}. */
    public static ObjectNode masked(CredentialDescriptor type, ObjectNode data) {
        ObjectNode copy = data.deepCopy();
        for (CredentialProperty p : type.properties()) {
            JsonNode v = copy.get(p.name());
            if (p.secret()
                    && v != null
                    && !v.isNull()
                    && !(v.isTextual() && v.asText().isEmpty())) {
                copy.put(p.name(), MASK);
            }
        }
        return copy;
    }

    private static JsonNode checked(PropertySpec spec, JsonNode v) {
        String field = "data." + spec.name();
        switch (spec.type()) {
            case STRING, DATE_TIME, CODE -> {
                if (!v.isTextual()) {
                    throw ProblemException.invalid(field, "must be text");
                }
                if (v.asText().length() > MAX_TEXT || v.asText().indexOf('\0') >= 0) {
                    throw ProblemException.invalid(
                            field, "must be at most " + MAX_TEXT + " characters, without NUL characters");
                }
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    throw ProblemException.invalid(field, "must be a number");
                }
                JsonNode min = spec.typeOption(TypeOptions.MIN_VALUE);
                JsonNode max = spec.typeOption(TypeOptions.MAX_VALUE);
                if ((min != null && v.asDouble() < min.asDouble()) || (max != null && v.asDouble() > max.asDouble())) {
                    throw ProblemException.invalid(field, "is out of range");
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw ProblemException.invalid(field, "must be true or false");
                }
            }
            case OPTIONS -> {
                if (!spec.options().isEmpty()
                        && spec.options().stream().map(OptionSpec::value).noneMatch(v::equals)) {
                    throw ProblemException.invalid(
                            field,
                            "must be one of "
                                    + spec.options().stream()
                                            .map(o -> o.value().asText())
                                            .toList());
                }
            }
            case MULTI_OPTIONS -> {
                if (!v.isArray()) {
                    throw ProblemException.invalid(field, "must be a list of options");
                }
            }
            case COLLECTION, FIXED_COLLECTION, FILTER -> {
                if (!v.isObject()) {
                    throw ProblemException.invalid(field, "must be an object");
                }
            }
            default -> {
                // json, resourceLocator, credential: any JSON value the node reads itself
            }
        }
        return v;
    }
}
