package io.hetumind.nodes.files;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Storing and reading binary attachments through the host's {@link BinaryStore}, with n8n's file metadata.
 * Public for the node modules beside this one (protocol nodes); not an API for plugins.
 */
public final class BinaryFiles {

    private static final Map<String, String> MIME_BY_EXTENSION = Map.ofEntries(
            Map.entry("csv", "text/csv"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("xml", "application/xml"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("ics", "text/calendar"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            Map.entry("rtf", "application/rtf"),
            Map.entry("md", "text/markdown"),
            Map.entry("js", "application/javascript"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("mp4", "video/mp4"));

    private static final Map<String, String> EXTENSION_BY_MIME = Map.ofEntries(
            Map.entry("text/csv", "csv"),
            Map.entry("application/json", "json"),
            Map.entry("text/plain", "txt"),
            Map.entry("text/html", "html"),
            Map.entry("application/xml", "xml"),
            Map.entry("text/xml", "xml"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/svg+xml", "svg"),
            Map.entry("application/zip", "zip"),
            Map.entry("application/gzip", "gz"),
            Map.entry("text/calendar", "ics"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.oasis.opendocument.spreadsheet", "ods"),
            Map.entry("application/rtf", "rtf"));

    private BinaryFiles() {}

    public static BinaryStore store(NodeResources ctx, int itemIndex) {
        return ctx.service(BinaryStore.class)
                .orElseThrow(() -> NodeException.user("no binary store is configured on this host", itemIndex));
    }

    /**
     * Stores {@code data} like n8n's {@code prepareBinaryData}: without a MIME type it is looked up
     * from the file name, then sniffed from the content, then {@code text/plain}; without a file
     * name it becomes {@code file.<extension of the MIME type>}.
     */
    public static BinaryRef put(NodeContext ctx, int itemIndex, byte[] data, String fileName, String mimeType)
            throws IOException {
        boolean given = mimeType != null && !mimeType.isBlank();
        String detected = given ? mimeType : detectedMime(fileName, data);
        String mime = detected == null ? "text/plain" : detected;
        // n8n's prepareBinaryData takes an extension only from a MIME type it was given or found, not from its
        // text/plain fallback: such a file is named "file"
        String name =
                fileName == null || fileName.isBlank() ? (detected == null ? "file" : defaultName(mime)) : fileName;
        return put(ctx, itemIndex, new ByteArrayInputStream(data), name, mime);
    }

    /**
     * {@link #put(NodeContext, int, byte[], String, String)} as n8n's {@code prepareBinaryData} does it when nobody names
     * the file afterwards: without a file name the reference has none, and its extension comes from the MIME type.
     */
    static BinaryRef putUnnamed(NodeContext ctx, int itemIndex, byte[] data, String fileName, String mimeType)
            throws IOException {
        if (fileName != null && !fileName.isBlank()) {
            return put(ctx, itemIndex, data, fileName, mimeType);
        }
        BinaryRef ref = put(ctx, itemIndex, data, null, mimeType);
        return new BinaryRef(
                ref.id(), ref.mimeType(), null, extensionFor(ref.mimeType()), ref.fileType(), ref.fileSize());
    }

    public static BinaryRef put(NodeContext ctx, int itemIndex, InputStream data, String fileName, String mime)
            throws IOException {
        return store(ctx, itemIndex).put(ctx.executionId(), data, mime, fileName);
    }

    /**
     * Node's {@code Buffer.from(text, 'base64')}: lenient, as n8n's node is. Characters outside the alphabet are
     * skipped, the URL-safe {@code -} and {@code _} are read too, padding is optional, and a lone trailing
     * character is dropped; nothing is an error.
     */
    public static byte[] nodeBase64(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '=') {
                break; // Node stops at the first padding character
            }
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                b.append(c);
            } else if (c == '-') {
                b.append('+');
            } else if (c == '_') {
                b.append('/');
            }
        }
        if (b.length() % 4 == 1) {
            b.setLength(b.length() - 1);
        }
        return Base64.getDecoder().decode(b.toString() + "==".substring(0, (4 - b.length() % 4) % 4));
    }

    /**
     * A size as n8n's binary metadata shows it ({@code pretty-bytes} 5: decimal units B, kB, MB…, three significant
     * digits, no trailing zeros): 5 → "5 B", 1536 → "1.54 kB", 1000 → "1 kB".
     */
    public static String prettySize(long bytes) {
        return BinaryRef.prettySize(bytes);
    }

    /** The bytes of binary property {@code name} of {@code item}; a user error names a missing property. */
    public static byte[] read(NodeContext ctx, int itemIndex, Item item, String name) throws IOException {
        BinaryRef ref = item.binary().get(name);
        if (ref == null) {
            throw NodeException.user(
                    "This operation expects the node's input data to contain a binary file '" + name
                            + "', but none was found [item " + itemIndex + "]",
                    itemIndex);
        }
        return store(ctx, itemIndex).read(ref);
    }

    /** The MIME type for a file name by its extension, or sniffed from {@code data}, or {@code text/plain}. */
    public static String mimeFor(String fileName, byte[] data) {
        String detected = detectedMime(fileName, data);
        return detected == null ? "text/plain" : detected;
    }

    /** The MIME type by the file name's extension, or sniffed from {@code data}; null when neither tells. */
    private static String detectedMime(String fileName, byte[] data) {
        String byName = mimeByName(fileName);
        if (byName != null) {
            return byName;
        }
        if (data != null) {
            try {
                String sniffed = URLConnection.guessContentTypeFromStream(new ByteArrayInputStream(data));
                if (sniffed != null) {
                    return sniffed;
                }
            } catch (IOException e) {
                // an in-memory stream does not fail; fall through to text/plain
            }
        }
        return null;
    }

    /** The MIME type for a file name's extension, or null when the extension is missing or unknown. */
    public static String mimeByName(String fileName) {
        String ext = extension(fileName);
        if (ext == null) {
            return null;
        }
        String known = MIME_BY_EXTENSION.get(ext);
        return known != null ? known : URLConnection.guessContentTypeFromName(fileName);
    }

    /** The usual extension of a MIME type ({@code text/plain} → {@code txt}), or null when unknown. */
    public static String extensionFor(String mime) {
        return mime == null
                ? null
                : EXTENSION_BY_MIME.get(
                        mime.toLowerCase(Locale.ROOT).split(";")[0].strip());
    }

    static String defaultName(String mime) {
        String ext = mime == null ? null : EXTENSION_BY_MIME.get(mime.toLowerCase(Locale.ROOT));
        return ext == null ? "file" : "file." + ext;
    }

    public static String extension(String fileName) {
        if (fileName == null) {
            return null;
        }
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot < 0 || dot == base.length() - 1
                ? null
                : base.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
