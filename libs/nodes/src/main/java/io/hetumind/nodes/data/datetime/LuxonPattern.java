package io.hetumind.nodes.data.datetime;

import io.hetumind.nodes.data.datetime.DateToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tokenizes Luxon format strings ({@code yyyy-MM-dd HH:mm}, {@code 'at' t} …), English locale. */
final class LuxonPattern {

    private static final Map<String, String> MACROS = Map.ofEntries(
            Map.entry("D", "M/d/yyyy"),
            Map.entry("DD", "LLL d, yyyy"),
            Map.entry("DDD", "LLLL d, yyyy"),
            Map.entry("DDDD", "EEEE, LLLL d, yyyy"),
            Map.entry("t", "h:mm a"),
            Map.entry("tt", "h:mm:ss a"),
            Map.entry("T", "HH:mm"),
            Map.entry("TT", "HH:mm:ss"),
            Map.entry("f", "M/d/yyyy, h:mm a"),
            Map.entry("ff", "LLL d, yyyy, h:mm a"),
            Map.entry("F", "M/d/yyyy, h:mm:ss a"),
            Map.entry("FF", "LLL d, yyyy, h:mm:ss a"));

    private LuxonPattern() {}

    static List<DateToken> tokenize(String format) {
        List<DateToken> out = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '\'') {
                int end = format.indexOf('\'', i + 1);
                if (end == i + 1) {
                    out.add(DateToken.text("'"));
                    i += 2;
                    continue;
                }
                end = end < 0 ? format.length() : end;
                out.add(DateToken.text(format.substring(i + 1, end)));
                i = end + 1;
                continue;
            }
            int j = i;
            while (j < format.length() && format.charAt(j) == c) {
                j++;
            }
            String run = format.substring(i, j);
            String macro = MACROS.get(run);
            if (macro != null) {
                out.addAll(tokenize(macro));
            } else {
                out.add(token(c, run.length(), run));
            }
            i = j;
        }
        return out;
    }

    private static DateToken token(char c, int n, String run) {
        return switch (c) {
            case 'y' -> n == 2 ? DateToken.of(Kind.YEAR2, 2) : DateToken.of(Kind.YEAR, n == 1 ? 1 : n);
            case 'q' -> DateToken.of(Kind.QUARTER, n);
            case 'M', 'L' ->
                switch (n) {
                    case 1, 2 -> DateToken.of(Kind.MONTH, n);
                    case 3 -> DateToken.of(Kind.MONTH_SHORT, 0);
                    case 4 -> DateToken.of(Kind.MONTH_LONG, 0);
                    default -> DateToken.of(Kind.MONTH_NARROW, 0);
                };
            case 'd' -> DateToken.of(Kind.DAY, Math.min(n, 2));
            case 'o' -> DateToken.of(Kind.DAY_OF_YEAR, n >= 3 ? 3 : 1);
            case 'E', 'c' ->
                switch (n) {
                    case 1, 2 -> DateToken.of(Kind.WEEKDAY_ISO, 1);
                    case 3 -> DateToken.of(Kind.WEEKDAY_SHORT, 0);
                    case 4 -> DateToken.of(Kind.WEEKDAY_LONG, 0);
                    default -> DateToken.of(Kind.WEEKDAY_NARROW, 0);
                };
            case 'W' -> DateToken.of(Kind.ISO_WEEK, Math.min(n, 2));
            case 'k' -> DateToken.of(Kind.ISO_WEEK_YEAR, n <= 2 ? 2 : 4);
            case 'H' -> DateToken.of(Kind.HOUR24, Math.min(n, 2));
            case 'h' -> DateToken.of(Kind.HOUR12, Math.min(n, 2));
            case 'm' -> DateToken.of(Kind.MINUTE, Math.min(n, 2));
            case 's' -> DateToken.of(Kind.SECOND, Math.min(n, 2));
            case 'S' -> n >= 3 ? DateToken.of(Kind.FRACTION, 3) : DateToken.of(Kind.MILLIS_UNPADDED, 0);
            case 'u' -> DateToken.of(Kind.FRACTION, n == 1 ? 3 : n == 2 ? 2 : 1);
            case 'a' -> DateToken.of(Kind.AMPM_UPPER, 0);
            case 'Z' ->
                switch (n) {
                    case 1 -> DateToken.of(Kind.OFFSET_SHORT, 0);
                    case 2 -> DateToken.of(Kind.OFFSET_COLON, 0);
                    case 3 -> DateToken.of(Kind.OFFSET_PLAIN, 0);
                    case 4 -> DateToken.of(Kind.ZONE_SHORT_INTL, 0);
                    default -> DateToken.of(Kind.ZONE_LONG, 0);
                };
            case 'z' -> DateToken.of(Kind.ZONE_ID, 0);
            case 'X' -> DateToken.of(Kind.EPOCH_SECONDS, 0);
            case 'x' -> DateToken.of(Kind.EPOCH_MILLIS, 0);
            case 'G' -> DateToken.of(Kind.ERA, n);
            default -> DateToken.text(run);
        };
    }
}
