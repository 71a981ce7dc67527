package io.hetumind.nodes.http;

import java.net.URLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File name and MIME type of a downloaded response: Content-Disposition, else the URL's last path segment. */
final class FileNames {

    private static final Pattern EXTENDED =
            Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN =
            Pattern.compile("filename\\s*=\\s*(\"([^\"]*)\"|[^;]+)", Pattern.CASE_INSENSITIVE);

    private FileNames() {}

    static String fileName(HttpReply reply) {
        String cd = reply.header("content-disposition");
        if (cd != null) {
            Matcher m = EXTENDED.matcher(cd);
            if (m.find()) {
                String charset = m.group(1).isBlank() ? "UTF-8" : m.group(1).strip();
                try {
                    return clean(URLDecoder.decode(m.group(2).strip(), charset));
                } catch (Exception e) {
                    return clean(m.group(2).strip());
                }
            }
            m = PLAIN.matcher(cd);
            if (m.find()) {
                return clean(m.group(2) != null ? m.group(2) : m.group(1).strip());
            }
        }
        String path = reply.uri().getRawPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        return clean(URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8));
    }

    static String mimeType(HttpReply reply, String fileName) {
        String ct = reply.header("content-type");
        if (ct != null && !ct.isBlank()) {
            return ct.split(";")[0].strip().toLowerCase(Locale.ROOT);
        }
        String guess = fileName == null ? null : URLConnection.guessContentTypeFromName(fileName);
        return guess == null ? "application/octet-stream" : guess;
    }

    /** Only the last path element: a server cannot steer where a name points. */
    private static String clean(String name) {
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).strip();
        return n.isEmpty() ? null : n;
    }
}
