package io.hetumind.core.expr;

/**
 * Rewrites the few modern constructs Rhino cannot parse into equivalents it runs: user code is
 * an async function body in n8n, so {@code await x} becomes {@code __await(x)} (which drives
 * the promise to completion synchronously), {@code async} before a function or arrow is
 * dropped, and {@code const} becomes {@code let} (Rhino keeps a const's first value across loop iterations).
 * Strings, template
 * literals, comments and regular expressions are copied untouched.
 */
final class CodeLowering {

    private final String src;
    private final StringBuilder out;
    private int pos;

    private CodeLowering(String src) {
        this.src = src;
        this.out = new StringBuilder(src.length() + 16);
    }

    static String lower(String source) {
        if (!source.contains("await") && !source.contains("async") && !source.contains("const")) {
            return source;
        }
        var lowering = new CodeLowering(source);
        lowering.copyUntil(source.length());
        return lowering.out.toString();
    }

    /** Copies (and rewrites) source text up to {@code end}. */
    private void copyUntil(int end) {
        char prevSignificant = ';';
        while (pos < end) {
            char c = src.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                int close = skipString(pos);
                out.append(src, pos, close);
                pos = close;
                prevSignificant = c;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                int close = src.indexOf('\n', pos);
                close = close < 0 ? src.length() : close;
                out.append(src, pos, close);
                pos = close;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
                int close = src.indexOf("*/", pos + 2);
                close = close < 0 ? src.length() : close + 2;
                out.append(src, pos, close);
                pos = close;
            } else if (c == '/' && regexAllowed(prevSignificant)) {
                int close = skipRegex(pos);
                out.append(src, pos, close);
                pos = close;
                prevSignificant = 'r';
            } else if (Character.isJavaIdentifierStart(c)) {
                int wordEnd = wordEnd(pos);
                String word = src.substring(pos, wordEnd);
                rewriteWord(word, wordEnd, end);
                prevSignificant = word.equals("return") || word.equals("typeof") ? '(' : 'a';
            } else {
                out.append(c);
                pos++;
                if (!Character.isWhitespace(c)) {
                    prevSignificant = c;
                }
            }
        }
    }

    private void rewriteWord(String word, int wordEnd, int end) {
        boolean standalone =
                pos == 0 || (src.charAt(pos - 1) != '.' && !Character.isJavaIdentifierPart(src.charAt(pos - 1)));
        if (standalone && word.equals("await")) {
            pos = skipSpace(wordEnd);
            int operandEnd = Math.min(operandEnd(pos), end);
            out.append("__await(");
            copyUntil(operandEnd);
            out.append(')');
        } else if (standalone && word.equals("const") && declares(skipSpace(wordEnd))) {
            // Rhino binds a const once per function: in a loop body it keeps its first value for every later
            // iteration. A let is bound per block as JavaScript's const is (only reassigning it no longer throws).
            out.append("let  ");
            pos = wordEnd;
        } else if (standalone && word.equals("async") && startsFunction(skipSpace(wordEnd))) {
            pos = skipSpace(wordEnd);
        } else if (standalone && word.equals("for")) {
            out.append(word);
            int open = skipSpace(wordEnd);
            if (open < src.length() && src.charAt(open) == '(') {
                int decl = skipSpace(open + 1);
                if (src.startsWith("const", decl) && !Character.isJavaIdentifierPart(charAt(decl + 5))) {
                    out.append(src, wordEnd, decl).append("let  ");
                    pos = decl + 5;
                    return;
                }
            }
            pos = wordEnd;
        } else {
            out.append(word);
            pos = wordEnd;
        }
    }

    /** After {@code const}: a name or a destructuring pattern, so the word starts a declaration. */
    private boolean declares(int at) {
        char c = charAt(at);
        return Character.isJavaIdentifierStart(c) || c == '{' || c == '[';
    }

    /** After {@code async}: a function, an arrow with parameters in parentheses, or {@code x =>}. */
    private boolean startsFunction(int at) {
        if (src.startsWith("function", at) || charAt(at) == '(') {
            return true;
        }
        if (!Character.isJavaIdentifierStart(charAt(at))) {
            return false;
        }
        int after = skipSpace(wordEnd(at));
        return src.startsWith("=>", after);
    }

    /**
     * The end of the unary expression after {@code await}: prefix operators, one primary
     * expression, then member accesses, calls and index expressions.
     */
    private int operandEnd(int at) {
        int i = at;
        while (true) {
            char c = charAt(i);
            if (c == '!' || c == '-' || c == '+' || c == '~') {
                i = skipSpace(i + 1);
            } else if (Character.isJavaIdentifierStart(c)
                    && (src.startsWith("new", i) || src.startsWith("await", i) || src.startsWith("typeof", i))
                    && !Character.isJavaIdentifierPart(charAt(wordEnd(i)))) {
                i = skipSpace(wordEnd(i));
            } else {
                break;
            }
        }
        char c = charAt(i);
        if (c == '(' || c == '[' || c == '{') {
            i = matching(i);
        } else if (c == '"' || c == '\'' || c == '`') {
            i = skipString(i);
        } else if (Character.isJavaIdentifierPart(c)) {
            i = wordEnd(i);
        } else {
            return i;
        }
        while (true) {
            int next = skipSpace(i);
            char n = charAt(next);
            if (n == '.' && charAt(next + 1) != '.') {
                i = wordEnd(skipSpace(next + 1));
            } else if (n == '?' && charAt(next + 1) == '.') {
                i = next + 2;
            } else if (n == '(' || n == '[') {
                i = matching(next);
            } else if (n == '`') {
                i = skipString(next);
            } else {
                return i;
            }
        }
    }

    /** Index after the bracket that closes the one at {@code open}. */
    private int matching(int open) {
        int depth = 0;
        int i = open;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return src.length();
    }

    private int skipString(int open) {
        char quote = src.charAt(open);
        int i = open + 1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (quote == '`' && c == '$' && charAt(i + 1) == '{') {
                i = matching(i + 1);
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return src.length();
    }

    private int skipRegex(int open) {
        int i = open + 1;
        boolean inClass = false;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\n') {
                return i;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                return wordEnd(i + 1);
            }
            i++;
        }
        return src.length();
    }

    private static boolean regexAllowed(char prev) {
        return "(,=:[!&|?{};+-*%<>~^".indexOf(prev) >= 0;
    }

    private int wordEnd(int at) {
        int i = at;
        while (i < src.length() && Character.isJavaIdentifierPart(src.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipSpace(int at) {
        int i = at;
        while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    private char charAt(int i) {
        return i < src.length() ? src.charAt(i) : '\0';
    }
}
