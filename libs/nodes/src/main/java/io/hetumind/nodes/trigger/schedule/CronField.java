package io.hetumind.nodes.trigger.schedule;

import java.util.BitSet;
import java.util.Locale;

/** One field of a cron expression as the set of values it allows ({@code *}, lists, ranges, steps, names). */
record CronField(BitSet values, boolean wildcard, int min, int max) {

    static CronField parse(String text, int min, int max, String[] names, String fieldName) {
        BitSet set = new BitSet(max + 1);
        boolean wildcard = text.equals("*") || text.equals("?");
        for (String part : text.split(",")) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty list entry in " + fieldName + " '" + text + "'");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), null, 0, fieldName);
                range = part.substring(0, slash);
                if (step <= 0) {
                    throw new IllegalArgumentException("step must be positive in " + fieldName + " '" + part + "'");
                }
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], names, min, fieldName);
                to = number(ends[1], names, min, fieldName);
            } else {
                from = number(range, names, min, fieldName);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException(
                        fieldName + " '" + part + "' is outside " + min + "-" + max + " or reversed");
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return new CronField(set, wildcard, min, max);
    }

    private static int number(String text, String[] names, int min, String fieldName) {
        if (names != null) {
            String upper = text.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(upper)) {
                    return i + min;
                }
            }
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid value for " + fieldName);
        }
    }

    boolean matches(int value) {
        return values.get(value);
    }

    /** The smallest allowed value ≥ {@code from}, or -1. */
    int nextFrom(int from) {
        return from > max ? -1 : values.nextSetBit(Math.max(from, min));
    }
}
