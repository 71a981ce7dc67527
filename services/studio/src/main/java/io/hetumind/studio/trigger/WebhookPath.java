package io.hetumind.studio.trigger;

import java.util.List;
import java.util.Locale;

/**
 * A webhook path as configured on a Webhook node: segments separated by '/', where a segment {@code :name} matches any
 * one segment of a request path and is passed to the run as {@code params.name}. Its {@link #key} is the path with
 * every parameter written ':' — two paths with the same key and method would answer the same requests.
 */
public record WebhookPath(String path, List<String> segments, String key, boolean dynamic) {

    static final int MAX_LENGTH = 512;

    /** Parses and checks a configured path; throws {@link IllegalArgumentException} saying what is wrong. */
    public static WebhookPath of(String raw) {
        String path = raw == null ? "" : raw.trim();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the path is empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the path is longer than " + MAX_LENGTH + " characters");
        }
        List<String> segments = List.of(path.split("/", -1));
        StringBuilder key = new StringBuilder();
        boolean dynamic = false;
        for (String s : segments) {
            checkSegment(s, path);
            boolean param = s.startsWith(":");
            dynamic |= param;
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(param ? ":" : s);
        }
        return new WebhookPath(path, segments, key.toString(), dynamic);
    }

    private static void checkSegment(String s, String path) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("'" + path + "' has an empty segment");
        }
        if (s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("'" + path + "' has a '" + s + "' segment");
        }
        if (s.equals(":")) {
            throw new IllegalArgumentException("'" + path + "' has a parameter without a name");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '?' || c == '#' || c == '%' || c == '\\') {
                throw new IllegalArgumentException("'" + path + "' holds a character not allowed in a path: "
                        + (c < 0x21 || c == 0x7f ? String.format(Locale.ROOT, "U+%04X", (int) c) : "'" + c + "'"));
            }
        }
    }
}
