package io.hetumind.nodes.data.markdown;

import io.hetumind.nodes.internal.JsReplace;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JavaScript's string and regular-expression rules that node-html-markdown's output depends on, for
 * java.util.regex: JavaScript's {@code \s} (Unicode spaces, no-break space and BOM included), {@code ^}/{@code $}
 * with the {@code m} flag (which also match right after a final line break), {@code trim()}, and
 * {@code replace} with a /g regex, a plain regex (first match) or a text (first occurrence, literally).
 */
final class JsText {

    /** The characters of JavaScript's {@code \s}, for use inside a character class. */
    static final String WS =
            "\\t\\n\\x0B\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
    /** JavaScript's {@code \s}. */
    static final String S = "[" + WS + "]";
    /** JavaScript's {@code \S}. */
    static final String NS = "[^" + WS + "]";
    /** JavaScript's {@code [^\S\r\n]}: white space other than CR and LF. */
    static final String SPACE = "[\\t\\x0B\\f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";
    /**
     * JavaScript's {@code ^} under the m flag: the start, or just after any line terminator, the last one included
     * (written as a positive look-behind so that it never matches inside a surrogate pair, which Java's negated
     * classes read as one character).
     */
    static final String BOL = "(?:\\A|(?<=[\\n\\r\\u2028\\u2029]))";
    /** JavaScript's {@code $} under the m flag. */
    static final String EOL = "(?=[\\n\\r\\u2028\\u2029]|\\z)";
    /** JavaScript's {@code $} without the m flag: the very end (Java's {@code $} also matches before a final newline). */
    static final String END = "\\z";

    private JsText() {}

    /** A substitution as {@code text.replace(pattern, replacement)}: every match for a /g pattern, else the first. */
    record Replace(Pattern pattern, String replacement, boolean global) {

        /** A pattern handed over as text: {@code String.replace} takes it literally and replaces it once. */
        static Replace literal(String text, String replacement) {
            return new Replace(Pattern.compile(Pattern.quote(text)), replacement, false);
        }

        static Replace all(String javaRegex, String replacement) {
            return new Replace(Pattern.compile(javaRegex), replacement, true);
        }

        String apply(String s) {
            return global ? replaceAll(pattern, s, replacement) : JsReplace.first(pattern.matcher(s), s, replacement);
        }
    }

    static String replaceAll(Pattern pattern, String s, String replacement) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (out == null) {
                out = new StringBuilder(s.length() + 16);
            }
            out.append(s, last, m.start()).append(JsReplace.substitution(m, s, replacement));
            last = m.end();
        }
        return out == null ? s : out.append(s, last, s.length()).toString();
    }

    static boolean isSpace(char c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000B',
                    '\f',
                    '\r',
                    ' ',
                    '\u00a0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202f',
                    '\u205f',
                    '\u3000',
                    '\ufeff' -> true;
            default -> c >= '\u2000' && c <= '\u200a';
        };
    }

    /** {@code !/\S/.test(s)}. */
    static boolean isWhiteSpaceOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code String.prototype.trim}. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Leading and trailing {@code \n} runs removed ({@code /^\n+|\n+$/g}). */
    static String trimNewLines(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '\n') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * A regex source as JavaScript reads {@code new RegExp(text)} for a delimiter built into one: each character
     * escaped with a backslash, where an escaped letter keeps JavaScript's meaning.
     */
    static String escapedEach(String delimiter) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < delimiter.length(); i++) {
            char c = delimiter.charAt(i);
            out.append(
                    switch (c) {
                        case 's' -> S;
                        case 'S' -> NS;
                        case 'd', 'D', 'w', 'W', 'b', 'B', 'n', 'r', 't', 'f' -> "\\" + c;
                        case 'v' -> "\\x0B";
                        default -> Pattern.quote(String.valueOf(c));
                    });
        }
        return out.toString();
    }
}
