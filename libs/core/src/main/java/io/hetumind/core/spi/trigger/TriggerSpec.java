package io.hetumind.core.spi.trigger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trigger node listens to, as data for the designer: its kind and which of its
 * parameters carry each setting. Keys of {@code parameters} per kind: webhook — {@code path},
 * {@code httpMethod}, {@code responseMode}, {@code responseCode}, {@code responseData},
 * {@code authentication}; schedule — {@code rules} (the list of rules; each rule's fields are
 * described by that property's children); listen — whatever parameters say what the node
 * listens to (MQTT Trigger: {@code topics}). Manual, error and sub-workflow triggers have none.
 */
public record TriggerSpec(TriggerKind kind, String summary, Map<String, String> parameters) {

    public TriggerSpec {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    }

    public static TriggerSpec of(TriggerKind kind, String summary) {
        return new TriggerSpec(kind, summary, Map.of());
    }

    /** A copy with the setting {@code key} carried by parameter path {@code parameter}. */
    public TriggerSpec with(String key, String parameter) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(key, parameter);
        return new TriggerSpec(kind, summary, copy);
    }
}
