package io.hetumind.core.spi;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Limits on JSON and YAML read by Hetumind (workflow files, items, input), set by environment
 * variables so that a large but valid document can be read by raising them, and explained in
 * plain words when one is hit.
 */
public final class JsonLimits {

    /** Longest string value, in characters (default 100,000,000). */
    public static final String MAX_STRING_ENV = "HETUMIND_JSON_MAX_STRING_CHARS";
    /** Deepest nesting of objects and arrays (default 1,000). */
    public static final String MAX_DEPTH_ENV = "HETUMIND_JSON_MAX_DEPTH";
    /** Longest number, in digits (default 1,000). */
    public static final String MAX_NUMBER_ENV = "HETUMIND_JSON_MAX_NUMBER_DIGITS";

    public static final int MAX_STRING = read(MAX_STRING_ENV, 100_000_000);
    public static final int MAX_DEPTH = read(MAX_DEPTH_ENV, 1000);
    public static final int MAX_NUMBER = read(MAX_NUMBER_ENV, 1000);

    private JsonLimits() {}

    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING)
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(MAX_NUMBER)
                .build();
    }

    /** Which limit {@code e} hit and how to raise it, without the parser's internals. */
    public static String explain(StreamConstraintsException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("getMaxStringLength")) {
            return "a string is longer than the limit of " + MAX_STRING + " characters (raise it with " + MAX_STRING_ENV
                    + ")";
        }
        if (m.contains("getMaxNestingDepth")) {
            return "objects and arrays are nested deeper than the limit of " + MAX_DEPTH + " levels (raise it with "
                    + MAX_DEPTH_ENV + ")";
        }
        if (m.contains("getMaxNumberLength")) {
            return "a number is longer than the limit of " + MAX_NUMBER + " digits (raise it with " + MAX_NUMBER_ENV
                    + ")";
        }
        return "the document exceeds a size limit";
    }

    private static int read(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + v + "'");
    }
}
