package io.hetumind.nodes.data.datetime;

import io.hetumind.nodes.data.datetime.DateToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tokenizes moment.js format strings ({@code YYYY-MM-DD HH:mm}, {@code [at] LT} …), English locale. */
final class MomentPattern {

    private static final Pattern LOCAL = Pattern.compile("(\\[[^\\[]*\\])|(LTS|LT|LL?L?L?|l{1,4})");
    private static final Map<String, String> LOCALE_FORMATS = Map.of(
            "LTS", "h:mm:ss A",
            "LT", "h:mm A",
            "L", "MM/DD/YYYY",
            "LL", "MMMM D, YYYY",
            "LLL", "MMMM D, YYYY h:mm A",
            "LLLL", "dddd, MMMM D, YYYY h:mm A",
            "l", "M/D/YYYY",
            "ll", "MMM D, YYYY",
            "lll", "MMM D, YYYY h:mm A",
            "llll", "ddd, MMM D, YYYY h:mm A");
    private static final Pattern TOKENS =
            Pattern.compile("(\\[[^\\[]*\\])|(\\\\)?(Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?"
                    + "|w[o|w]?|W[o|W]?|Qo?|YYYYYY|YYYYY|YYYY|YY|gg(ggg?)?|GG(GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X"
                    + "|zz?|ZZ?|.)");

    private MomentPattern() {}

    static List<DateToken> tokenize(String format) {
        Matcher lm = LOCAL.matcher(format);
        StringBuilder expanded = new StringBuilder();
        while (lm.find()) {
            String m = lm.group();
            lm.appendReplacement(
                    expanded, Matcher.quoteReplacement(lm.group(1) != null ? m : LOCALE_FORMATS.getOrDefault(m, m)));
        }
        lm.appendTail(expanded);
        List<DateToken> out = new ArrayList<>();
        Matcher m = TOKENS.matcher(expanded);
        while (m.find()) {
            String t = m.group();
            if (m.group(1) != null) {
                out.add(DateToken.text(t.substring(1, t.length() - 1)));
            } else if (m.group(2) != null) {
                out.add(DateToken.text(t.substring(1)));
            } else {
                out.add(token(t));
            }
        }
        return out;
    }

    private static DateToken token(String t) {
        return switch (t) {
            case "YYYYYY", "YYYYY" -> DateToken.of(Kind.YEAR, t.length());
            case "YYYY" -> DateToken.of(Kind.YEAR, 4);
            case "YY" -> DateToken.of(Kind.YEAR2, 2);
            case "Q" -> DateToken.of(Kind.QUARTER, 1);
            case "M", "MM" -> DateToken.of(Kind.MONTH, t.length());
            case "MMM" -> DateToken.of(Kind.MONTH_SHORT, 0);
            case "MMMM" -> DateToken.of(Kind.MONTH_LONG, 0);
            case "D", "DD" -> DateToken.of(Kind.DAY, t.length());
            case "Do" -> DateToken.of(Kind.DAY_ORDINAL, 0);
            case "DDD", "DDDD" -> DateToken.of(Kind.DAY_OF_YEAR, t.length() == 3 ? 1 : 3);
            case "d", "e" -> DateToken.of(Kind.WEEKDAY_SUN0, 1);
            case "E" -> DateToken.of(Kind.WEEKDAY_ISO, 1);
            case "dd" -> DateToken.of(Kind.WEEKDAY_MIN, 0);
            case "ddd" -> DateToken.of(Kind.WEEKDAY_SHORT, 0);
            case "dddd" -> DateToken.of(Kind.WEEKDAY_LONG, 0);
            case "w", "ww" -> DateToken.of(Kind.LOCALE_WEEK, t.length());
            case "W", "WW" -> DateToken.of(Kind.ISO_WEEK, t.length());
            case "gg" -> DateToken.of(Kind.LOCALE_WEEK_YEAR, 2);
            case "gggg", "ggggg" -> DateToken.of(Kind.LOCALE_WEEK_YEAR, t.length());
            case "GG" -> DateToken.of(Kind.ISO_WEEK_YEAR, 2);
            case "GGGG", "GGGGG" -> DateToken.of(Kind.ISO_WEEK_YEAR, t.length());
            case "H", "HH" -> DateToken.of(Kind.HOUR24, t.length());
            case "h", "hh" -> DateToken.of(Kind.HOUR12, t.length());
            case "k", "kk" -> DateToken.of(Kind.HOUR24_FROM1, t.length());
            case "m", "mm" -> DateToken.of(Kind.MINUTE, t.length());
            case "s", "ss" -> DateToken.of(Kind.SECOND, t.length());
            case "A" -> DateToken.of(Kind.AMPM_UPPER, 0);
            case "a" -> DateToken.of(Kind.AMPM_LOWER, 0);
            case "Z" -> DateToken.of(Kind.OFFSET_COLON, 0);
            case "ZZ" -> DateToken.of(Kind.OFFSET_PLAIN, 0);
            case "z", "zz" -> DateToken.of(Kind.ZONE_ABBR, 0);
            case "X" -> DateToken.of(Kind.EPOCH_SECONDS, 0);
            case "x" -> DateToken.of(Kind.EPOCH_MILLIS, 0);
            default -> t.startsWith("S") ? DateToken.of(Kind.FRACTION, t.length()) : DateToken.text(t);
        };
    }
}
