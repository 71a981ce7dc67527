package io.hetumind.nodes.ai.vector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Docx symbol characters ({@code w:sym}) to text, as mammoth reads them: the dingbat fonts Symbol,
 * Webdings and Wingdings 1–3 mapped to Unicode (the table of the npm package
 * {@code dingbat-to-unicode}, in {@code dingbats.tsv}); a code in the private-use form
 * {@code F0xx} is looked up as {@code xx}. Anything else has no text.
 */
final class Dingbats {

    private static final Map<String, Map<Integer, Integer>> FONTS = load();
    private static final Pattern PRIVATE_USE = Pattern.compile("^F0..$");

    private Dingbats() {}

    /** The text of {@code w:sym w:font="…" w:char="…"}, or null when mammoth has none (it warns then). */
    static String symbol(String font, String hexChar) {
        if (font == null || hexChar == null) {
            return null;
        }
        Map<Integer, Integer> codes = FONTS.get(font.toUpperCase(Locale.ROOT));
        if (codes == null) {
            return null;
        }
        Integer unicode = lookup(codes, hexChar);
        if (unicode == null && PRIVATE_USE.matcher(hexChar).matches()) {
            unicode = lookup(codes, hexChar.substring(2));
        }
        return unicode == null ? null : Character.toString(unicode);
    }

    private static Integer lookup(Map<Integer, Integer> codes, String hex) {
        Integer code = parseHex(hex);
        return code == null ? null : codes.get(code);
    }

    /** JavaScript's {@code parseInt(s, 16)}: spaces, a sign and {@code 0x} allowed, digits up to the first other character. */
    static Integer parseHex(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            i += 2;
        }
        long value = 0;
        int start = i;
        while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && value <= Integer.MAX_VALUE) {
            value = value * 16 + Character.digit(s.charAt(i), 16);
            i++;
        }
        if (i == start || value > Integer.MAX_VALUE) {
            return i == start ? null : -1; // no digits: NaN; too large: in no table
        }
        return negative ? (int) -value : (int) value;
    }

    private static Map<String, Map<Integer, Integer>> load() {
        Map<String, Map<Integer, Integer>> fonts = new HashMap<>();
        try (InputStream in = Dingbats.class.getResourceAsStream("dingbats.tsv")) {
            if (in == null) {
                throw new IllegalStateException("dingbats.tsv is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                fonts.computeIfAbsent(f[0], k -> new HashMap<>())
                        .put(Integer.parseInt(f[1], 16), Integer.parseInt(f[2], 16));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fonts;
    }
}
