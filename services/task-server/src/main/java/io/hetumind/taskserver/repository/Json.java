package io.hetumind.taskserver.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** jsonb columns to and from Java values. */
final class Json {
    private static final ObjectMapper M = new ObjectMapper();

    private Json() {}

    static String write(Object v) {
        try {
            return M.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, String> map(String s) {
        try {
            return s == null ? Map.of() : M.readValue(s, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> list(String s) {
        try {
            return s == null ? List.of() : M.readValue(s, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
