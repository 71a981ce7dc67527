package io.hetumind.core.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits template text into literal text and {@code {{ expression }}} segments, as n8n does. */
final class TemplateParser {

    /** A piece of a template: literal text or the code between {@code {{ }}}. */
    sealed interface Segment permits Text, Code {}

    record Text(String text) implements Segment {}

    record Code(String code) implements Segment {}

    private TemplateParser() {}

    static List<Segment> parse(String template) {
        List<Segment> out = new ArrayList<>();
        var text = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                text.append(template, i, n);
                break;
            }
            int close = findClose(template, open + 2);
            if (close < 0) {
                // n8n leaves an unterminated "{{" as literal text.
                text.append(template, i, n);
                break;
            }
            text.append(template, i, open);
            if (!text.isEmpty()) {
                out.add(new Text(text.toString()));
                text.setLength(0);
            }
            out.add(new Code(template.substring(open + 2, close)));
            i = close + 2;
        }
        if (!text.isEmpty()) {
            out.add(new Text(text.toString()));
        }
        return out;
    }

    /**
     * Index of the {@code }}} closing the segment starting at {@code from}: braces of object
     * literals and blocks nest, and braces inside strings, template literals and comments do
     * not count.
     */
    static int findClose(String s, int from) {
        int depth = 0;
        int i = from;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            switch (c) {
                case '\'', '"' -> i = skipQuoted(s, i, c);
                case '`' -> i = skipTemplateLiteral(s, i);
                case '/' -> i = skipComment(s, i);
                case '{' -> {
                    depth++;
                    i++;
                }
                case '}' -> {
                    if (depth == 0 && i + 1 < n && s.charAt(i + 1) == '}') {
                        return i;
                    }
                    depth = Math.max(0, depth - 1);
                    i++;
                }
                default -> i++;
            }
            if (i < 0) {
                return -1;
            }
        }
        return -1;
    }

    private static int skipQuoted(String s, int start, char quote) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return i; // an unterminated string is a syntax error the compiler reports
            }
        }
        return -1;
    }

    private static int skipTemplateLiteral(String s, int start) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '`') {
                return i + 1;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int end = findSubstitutionEnd(s, i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end;
            }
        }
        return -1;
    }

    /** Index of the '}' ending a {@code ${...}} substitution. */
    private static int findSubstitutionEnd(String s, int from) {
        int depth = 0;
        int i = from;
        while (i >= 0 && i < s.length()) {
            char c = s.charAt(i);
            switch (c) {
                case '\'', '"' -> i = skipQuoted(s, i, c);
                case '`' -> i = skipTemplateLiteral(s, i);
                case '{' -> {
                    depth++;
                    i++;
                }
                case '}' -> {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                    i++;
                }
                default -> i++;
            }
        }
        return -1;
    }

    private static int skipComment(String s, int i) {
        if (i + 1 >= s.length()) {
            return i + 1;
        }
        char next = s.charAt(i + 1);
        if (next == '/') {
            int end = s.indexOf('\n', i);
            // a line comment may run up to the closing braces: "{{ $json.a // note }}"
            int close = s.indexOf("}}", i);
            if (close >= 0 && (end < 0 || close < end)) {
                return close;
            }
            return end < 0 ? s.length() : end;
        }
        if (next == '*') {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? -1 : end + 2;
        }
        return i + 1;
    }
}
