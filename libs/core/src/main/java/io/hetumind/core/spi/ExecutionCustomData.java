package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An execution's custom data (n8n's {@code $execution.customData}, written by the Execution Data node): up to {@value
 * #LIMIT} text values by key, kept with the execution so people can find and filter runs by them. The host keeps
 * them ({@link #getAll}, {@link #put}); {@link #setAll} applies n8n 2.8's rules ({@code execution-metadata.ts}).
 */
public interface ExecutionCustomData {

    /** At most this many keys per execution; a new key beyond is dropped without an error, as in n8n. */
    int LIMIT = 10;

    /** The execution's values, in the order their keys were first set. */
    Map<String, String> getAll(String executionId);

    /** Keeps {@code value} under {@code key} (already checked and cut to size). */
    void put(String executionId, String key, String value);

    /**
     * Sets each entry as n8n does: a new key beyond the {@value #LIMIT} kept is skipped; a key must use only {@code
     * A-Za-z0-9_}; a value must be text or a number (as JavaScript writes it); keys are cut to 50 characters and values
     * to 512. Every valid entry is kept, then the first problem is thrown.
     *
     * @throws IllegalArgumentException naming the first key that could not be set
     */
    default void setAll(String executionId, Map<String, JsonNode> values) {
        Map<String, String> kept = new LinkedHashMap<>(getAll(executionId));
        IllegalArgumentException first = null;
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            String key = e.getKey();
            if (!kept.containsKey(key) && kept.size() >= LIMIT) {
                continue;
            }
            String problem = null;
            if (!key.chars()
                    .allMatch(c ->
                            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                problem = "Custom date key can only contain characters \"A-Za-z0-9_\" (key \"" + key + "\")";
            } else if (e.getValue() == null
                    || !(e.getValue().isTextual() || e.getValue().isNumber())) {
                problem = "Custom data values must be a string (key \"" + key + "\")";
            }
            if (problem != null) {
                first = first == null ? new IllegalArgumentException(problem) : first;
                continue;
            }
            String value = e.getValue().isTextual() ? e.getValue().textValue() : jsNumber(e.getValue());
            String k = key.length() > 50 ? key.substring(0, 50) : key;
            String v = value.length() > 512 ? value.substring(0, 512) : value;
            put(executionId, k, v);
            kept.put(k, v);
        }
        if (first != null) {
            throw first;
        }
    }

    /** {@code String(n)} as JavaScript writes a number. */
    private static String jsNumber(JsonNode n) {
        return org.mozilla.javascript.ScriptRuntime.numberToString(n.doubleValue(), 10);
    }

    /** Values in this process's memory (the CLI, tests). */
    static ExecutionCustomData inMemory() {
        Map<String, Map<String, String>> all = new ConcurrentHashMap<>();
        return new ExecutionCustomData() {
            @Override
            public Map<String, String> getAll(String executionId) {
                Map<String, String> values = all.get(executionId);
                if (values == null) {
                    return Map.of();
                }
                synchronized (values) {
                    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
                }
            }

            @Override
            public void put(String executionId, String key, String value) {
                all.computeIfAbsent(executionId, id -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()))
                        .put(key, value);
            }
        };
    }
}
