package io.hetumind.nodes.files;

import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** n8n's (iconv-lite) encoding names mapped onto Java charsets, with byte-order-mark handling. */
final class Charsets {

    /**
     * A BOM option ({@code addBOM}, {@code stripBOM}) as n8n reads it: the option shows only for an encoding chosen
     * as utf8, cesu8 or ucs2, and n8n drops a collection option whose display rule fails, so without such an encoding
     * the option is {@code whenHidden} whatever was saved.
     */
    static boolean bomOption(NodeParameters ctx, int i, String name, boolean whenHidden) {
        if (ctx.rawParam("options.encoding") == null) {
            return whenHidden;
        }
        String encoding = ctx.param("options.encoding", i, String.class, "utf8");
        if (!encoding.equals("utf8") && !encoding.equals("cesu8") && !encoding.equals("ucs2")) {
            return whenHidden;
        }
        return ctx.param("options." + name, i, Boolean.class, whenHidden);
    }

    private static final Pattern WINDOWS = Pattern.compile("(?:windows|win|cp)(\\d{3,4})");
    private static final Pattern ISO = Pattern.compile("iso8859(\\d{1,2})");

    private Charsets() {}

    /** The charset for an n8n encoding option value such as {@code utf8}, {@code windows1256}, {@code latin1}. */
    static Charset of(String name, int itemIndex) {
        String n = name == null || name.isBlank()
                ? "utf8"
                : name.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
        String java =
                switch (n) {
                    case "utf8", "cesu8", "unicode11utf8" -> "UTF-8";
                    case "ucs2", "utf16le", "utf16" -> "UTF-16LE";
                    case "utf16be" -> "UTF-16BE";
                    case "utf32le", "utf32" -> "UTF-32LE";
                    case "utf32be" -> "UTF-32BE";
                    case "ascii", "usascii" -> "US-ASCII";
                    case "latin1", "binary", "iso88591" -> "ISO-8859-1";
                    case "koi8r" -> "KOI8-R";
                    case "koi8u" -> "KOI8-U";
                    case "shiftjis", "sjis" -> "Shift_JIS";
                    case "eucjp" -> "EUC-JP";
                    case "euckr" -> "EUC-KR";
                    case "gbk", "gb2312", "gb18030", "big5" -> n.toUpperCase(Locale.ROOT);
                    default -> aliased(n);
                };
        try {
            return Charset.forName(java);
        } catch (RuntimeException e) {
            throw NodeException.user("encoding '" + name + "' is not supported [item " + itemIndex + "]", itemIndex);
        }
    }

    private static String aliased(String n) {
        Matcher m = WINDOWS.matcher(n);
        if (m.matches()) {
            String code = m.group(1);
            return code.startsWith("12") ? "windows-" + code : "IBM" + code;
        }
        m = ISO.matcher(n);
        return m.matches() ? "ISO-8859-" + m.group(1) : n;
    }

    /** Encodes {@code text}, prefixed with the charset's byte-order mark when {@code addBom} (UTF-8/16 only). */
    private static final Pattern ASTRAL = Pattern.compile("[\\x{10000}-\\x{10FFFF}]");

    static byte[] encode(String text, Charset charset, boolean addBom) {
        String value = addBom && supportsBom(charset) ? "\uFEFF" + text : text;
        if (charset.newEncoder().maxBytesPerChar() == 1.0f) {
            // iconv-lite's single-byte encoders work per UTF-16 unit, so a character beyond the BMP (a surrogate
            // pair) becomes two '?', where Java writes one per code point
            value = ASTRAL.matcher(value).replaceAll("??");
        }
        return value.getBytes(charset);
    }

    /** Decodes {@code bytes}; a leading byte-order mark is dropped unless {@code stripBom} is false. */
    static String decode(byte[] bytes, Charset charset, boolean stripBom) {
        String text = new String(bytes, charset);
        return stripBom && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static boolean supportsBom(Charset c) {
        return c.equals(StandardCharsets.UTF_8) || c.name().startsWith("UTF-16");
    }
}
