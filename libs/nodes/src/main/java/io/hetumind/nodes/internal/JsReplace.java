package io.hetumind.nodes.internal;

import java.util.Map;
import java.util.regex.Matcher;

/**
 * JavaScript's {@code String.prototype.replace} replacement patterns (ECMAScript GetSubstitution) on a
 * java.util.regex match: {@code $$}, {@code $&}, {@code $`}, {@code $'}, {@code $n}/{@code $nn} and
 * {@code $<name>}. Everything else is literal, backslashes included, where Java's own replacement syntax would
 * treat a backslash as an escape and throw on an unknown {@code $} sequence.
 */
public final class JsReplace {

    private JsReplace() {}

    /** The first match of {@code m} in {@code input} replaced as {@code input.replace(regex, replacement)} does. */
    public static String first(Matcher m, String input, String replacement) {
        if (!m.find()) {
            return input;
        }
        return input.substring(0, m.start()) + substitution(m, input, replacement) + input.substring(m.end());
    }

    /** The text that replaces the current match of {@code m}. */
    public static String substitution(Matcher m, String input, String replacement) {
        StringBuilder out = new StringBuilder(replacement.length() + 16);
        int groups = m.groupCount();
        Map<String, Integer> named = m.pattern().namedGroups();
        int i = 0;
        int n = replacement.length();
        while (i < n) {
            char c = replacement.charAt(i);
            if (c != '$' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char next = replacement.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '&') {
                out.append(m.group());
                i += 2;
            } else if (next == '`') {
                out.append(input, 0, m.start());
                i += 2;
            } else if (next == '\'') {
                out.append(input, m.end(), input.length());
                i += 2;
            } else if (next >= '0' && next <= '9') {
                int one = next - '0';
                char d = i + 2 < n ? replacement.charAt(i + 2) : ' ';
                int two = d >= '0' && d <= '9' ? one * 10 + (d - '0') : -1;
                if (two >= 1 && two <= groups) {
                    append(out, m.group(two));
                    i += 3;
                } else if (one >= 1 && one <= groups) {
                    append(out, m.group(one));
                    i += 2;
                } else {
                    out.append('$');
                    i++;
                }
            } else if (next == '<' && !named.isEmpty()) {
                int close = replacement.indexOf('>', i + 2);
                if (close < 0) {
                    out.append('$');
                    i++;
                } else {
                    Integer g = named.get(replacement.substring(i + 2, close));
                    if (g != null) {
                        append(out, m.group(g));
                    }
                    i = close + 1;
                }
            } else {
                out.append('$');
                i++;
            }
        }
        return out.toString();
    }

    /** A group that took no part in the match is undefined in JavaScript, which the substitution drops. */
    private static void append(StringBuilder out, String group) {
        if (group != null) {
            out.append(group);
        }
    }
}
