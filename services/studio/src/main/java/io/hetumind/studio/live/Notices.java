package io.hetumind.studio.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Execution events travel between replicas packed as JSON arrays, as many per NOTIFY as fit under PostgreSQL's payload
 * limit: under load a run publishes about eight events, and one notification each would make the notification queue,
 * not the runs, the busiest thing in the database. Receivers accept a packed array or a single event object.
 */
public final class Notices {
    /** PostgreSQL refuses payloads of 8000 bytes or more; leave room for the brackets and commas. */
    static final int MAX_PAYLOAD_BYTES = 7_900;

    private Notices() {}

    /** Packs events (JSON objects) into as few arrays as fit the payload limit, in order. */
    public static List<String> pack(List<String> events) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder(MAX_PAYLOAD_BYTES + 16);
        int bytes = 0;
        for (String e : events) {
            int size = e.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > 0 && bytes + size + 2 > MAX_PAYLOAD_BYTES) {
                out.add(current.append(']').toString());
                current.setLength(0);
                bytes = 0;
            }
            current.append(bytes == 0 ? '[' : ',').append(e);
            bytes += size + 1;
        }
        if (bytes > 0) {
            out.add(current.append(']').toString());
        }
        return out;
    }

    /** The events in a payload: the elements of a packed array, or the payload itself when it is one event. */
    public static List<String> unpack(String payload) {
        if (payload == null || payload.isEmpty() || payload.charAt(0) != '[') {
            return payload == null ? List.of() : List.of(payload);
        }
        try {
            JsonNode array = Json.parse(payload);
            List<String> out = new ArrayList<>(array.size());
            array.forEach(n -> out.add(n.toString()));
            return out;
        } catch (IllegalArgumentException e) {
            return List.of(payload); // not JSON: the receiver counts it as malformed
        }
    }
}
