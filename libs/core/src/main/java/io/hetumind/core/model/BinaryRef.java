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
