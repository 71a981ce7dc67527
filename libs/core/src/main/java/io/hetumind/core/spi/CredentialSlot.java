package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A credential a node type accepts, by credential type id (e.g. {@code httpBasicAuth}).
 * {@code showWhen} (top-level parameter → values, as for properties) says when the designer
 * offers it; {@code required} applies only while it is shown.
 */
public record CredentialSlot(String credentialType, boolean required, Map<String, List<JsonNode>> showWhen) {

    public CredentialSlot {
        showWhen = showWhen == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(showWhen));
    }

    public CredentialSlot(String credentialType, boolean required) {
        this(credentialType, required, Map.of());
    }

    /** A copy shown only when parameter {@code property} has one of {@code values}. */
    public CredentialSlot showWhen(String property, Object... values) {
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>(showWhen);
        List<JsonNode> list = new ArrayList<>();
        for (Object v : values) {
            list.add(Json.toNode(v));
        }
        copy.put(property, list);
        return new CredentialSlot(credentialType, required, copy);
    }
}
