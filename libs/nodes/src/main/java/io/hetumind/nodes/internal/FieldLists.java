package io.hetumind.nodes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** n8n's {@code prepareFieldsArray}: a field list given as comma-separated text or as an array. */
public final class FieldLists {

    private FieldLists() {}

    public static List<String> of(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (value.isArray()) {
            for (JsonNode v : value) {
                String s = Js.toString(v, true).trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        }
        for (String s : Js.toString(value, true).split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
