package io.hetumind.nodes.internal;

import io.hetumind.core.spi.NodeException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** JavaScript-style regular expressions ({@code /pattern/flags} or a bare pattern) on java.util.regex. */
public final class Regexes {

    private static final Pattern LITERAL = Pattern.compile("^/(.*?)/([gimusy]*)$", Pattern.DOTALL);

    private Regexes() {}

    public static Pattern compile(String source, boolean ignoreCase) {
        String body = source;
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        var m = LITERAL.matcher(source);
        if (m.matches()) {
            body = m.group(1);
            for (char f : m.group(2).toCharArray()) {
                flags |= switch (f) {
                    case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case 'm' -> Pattern.MULTILINE;
                    case 's' -> Pattern.DOTALL;
                    default -> 0;
                };
            }
        }
        try {
            return Pattern.compile(body, flags);
        } catch (PatternSyntaxException e) {
            throw NodeException.user("invalid regular expression '" + source + "': " + e.getDescription());
        }
    }

    public static boolean matches(String regex, String text, boolean ignoreCase) {
        return compile(regex, ignoreCase).matcher(text).find();
    }
}
