package io.hetumind.nodes.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A received response: status, headers (as sent), the whole body and the URI it came from after redirects. */
record HttpReply(int status, Map<String, List<String>> headers, byte[] body, URI uri) {

    /** The first value of a header, matched without regard to case, or null. */
    String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    String contentType() {
        String ct = header("content-type");
        return ct == null ? "" : ct.toLowerCase(Locale.ROOT);
    }
}
