package io.hetumind.core.model;

/**
 * A binary attachment by reference: {@code id} locates the bytes in a binary store; the rest
 * is metadata shown to users and expressions. Bytes are never inlined into execution state.
 */
public record BinaryRef(
        String id, String mimeType, String fileName, String fileExtension, String fileType, long fileSize) {

    /**
     * What a stored reference's two parts ({@code <namespace>/<file>}) may be in every store: a namespace is what
     * {@code BinaryStore.put} was given, so an id cannot step out of its place.
     */
    public static final java.util.regex.Pattern ID_PART =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** The same file's metadata under another reference (a copy kept for another execution). */
    public BinaryRef withId(String newId) {
        return new BinaryRef(newId, mimeType, fileName, fileExtension, fileType, fileSize);
    }

    /** The reference a store answers for bytes it just kept: extension and n8n's coarse type read off the name and type. */
    public static BinaryRef stored(String id, String mimeType, String fileName, long fileSize) {
        return new BinaryRef(id, mimeType, fileName, extension(fileName), fileType(mimeType), fileSize);
    }

    /**
     * n8n's {@code fileSize} text for {@code bytes}, as its {@code pretty-bytes} writes it: 1000-based units, three
     * significant digits, trailing zeros dropped ({@code 5 B}, {@code 65.5 kB}, {@code 1 MB}).
     */
    public static String prettySize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        if (bytes < 1000) {
            return bytes + " B";
        }
        int exponent = Math.min((int) Math.floor(Math.log10(bytes) / 3), units.length - 1);
        java.math.BigDecimal scaled = new java.math.BigDecimal(bytes / Math.pow(1000, exponent))
                .round(new java.math.MathContext(3, java.math.RoundingMode.HALF_UP))
                .stripTrailingZeros();
        return scaled.toPlainString() + " " + units[exponent];
    }

    private static final java.util.regex.Pattern PRETTY_SIZE =
            java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(B|kB|MB|GB|TB|PB|EB)\\s*");

    /**
     * The byte count a {@code fileSize} text stands for ({@code 65.5 kB} → 65,500): what a hand-written item that
     * carries only n8n's text can give; an exact count comes from {@code bytes}. -1 for text that is no size.
     */
    public static long parseSize(String text) {
        var m = PRETTY_SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return -1;
        }
        int exponent =
                java.util.List.of("B", "kB", "MB", "GB", "TB", "PB", "EB").indexOf(m.group(2));
        return new java.math.BigDecimal(m.group(1))
                .multiply(java.math.BigDecimal.TEN.pow(3 * exponent))
                .longValue();
    }

    /** The lower-case extension of {@code fileName}, or null. */
    public static String extension(String fileName) {
        if (fileName == null || fileName.lastIndexOf('.') < 0) {
            return null;
        }
        return fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** n8n's coarse file type: image, video, audio, text, json, pdf, html or null. */
    public static String fileType(String mime) {
        if (mime == null) {
            return null;
        }
        String m = mime.toLowerCase(java.util.Locale.ROOT);
        for (String prefix : new String[] {"image", "video", "audio"}) {
            if (m.startsWith(prefix + "/")) {
                return prefix;
            }
        }
        if (m.contains("json")) {
            return "json";
        }
        if (m.contains("pdf")) {
            return "pdf";
        }
        if (m.contains("html")) {
            return "html";
        }
        return m.startsWith("text/") ? "text" : null;
    }
}
