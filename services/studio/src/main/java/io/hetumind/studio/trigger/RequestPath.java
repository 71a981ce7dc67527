package io.hetumind.studio.trigger;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** A request path below the webhook prefix, percent-decoded per segment; null when it could not be a webhook path. */
final class RequestPath {
    private RequestPath() {}

    static String decode(String raw) {
        String path = raw;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.length() > WebhookPath.MAX_LENGTH * 3) {
            return null;
        }
        StringJoiner out = new StringJoiner("/");
        for (String segment : path.split("/", -1)) {
            String s;
            try {
                s = QueryStringDecoder.decodeComponent(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            // An encoded '/' or '..' must not reach another path: such a segment matches nothing.
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                    return null;
                }
            }
            out.add(s);
        }
        return out.toString();
    }
}
