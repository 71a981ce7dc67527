package io.hetumind.nodes.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Decodes a response body with the charset its Content-Type names (quoted or not), UTF-8 otherwise. */
final class Charsets {

    private Charsets() {}

    static String decode(byte[] body, String contentType) {
        return new String(body, of(contentType));
    }

    static Charset of(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length())
                        .strip()
                        .replace("\"", "")
                        .replace("'", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
