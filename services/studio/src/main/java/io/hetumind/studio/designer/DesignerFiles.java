package io.hetumind.studio.designer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The designer's files, held in memory with their pre-compressed forms. The frontend build ({@code
 * frontend/scripts/precompress.mjs}) writes {@code x.gz} (gzip -9) and {@code x.br} (brotli 11) beside each text file
 * and lists every served file in {@code META-INF/hetumind-designer.files}; this reads that list once at start-up
 * (about 1 MB raw and 0.6 MB compressed), so a request costs no file access and no compression. Without the list (a
 * designer built before it existed) only {@code index.html} is held, uncompressed, and the rest is left to Quarkus'
 * static handler.
 */
final class DesignerFiles {
    static final String LIST = "META-INF/hetumind-designer.files";

    /** One served file and its encoded forms. */
    record File(String path, String contentType, Encodings.Variants variants) {}

    private final Map<String, File> files;

    private DesignerFiles(Map<String, File> files) {
        this.files = files;
    }

    File get(String path) {
        return files.get(path);
    }

    int size() {
        return files.size();
    }

    static DesignerFiles none() {
        return new DesignerFiles(Map.of());
    }

    static DesignerFiles load(ClassLoader loader, String root) {
        Map<String, File> files = new LinkedHashMap<>();
        byte[] list = read(loader, LIST);
        if (list == null) {
            byte[] index = read(loader, root + "/index.html");
            if (index != null) {
                files.put("/index.html", file("/index.html", index, null, null));
            }
            return new DesignerFiles(files);
        }
        for (String path : new String(list, StandardCharsets.UTF_8).split("\n")) {
            path = path.strip();
            if (path.isEmpty() || !path.startsWith("/") || path.contains("..")) {
                continue;
            }
            byte[] identity = read(loader, root + path);
            if (identity == null) {
                throw new IllegalStateException("the designer's file list names " + path + ", which is not in the jar");
            }
            files.put(path, file(path, identity, read(loader, root + path + ".gz"), read(loader, root + path + ".br")));
        }
        return new DesignerFiles(files);
    }

    static File file(String path, byte[] identity, byte[] gzip, byte[] brotli) {
        return new File(path, contentType(path), Encodings.Variants.of(identity, gzip, brotli));
    }

    static String contentType(String path) {
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json";
            case "webmanifest" -> "application/manifest+json";
            case "svg" -> "image/svg+xml";
            case "txt" -> "text/plain; charset=utf-8";
            case "xml" -> "application/xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            case "wasm" -> "application/wasm";
            default -> "application/octet-stream";
        };
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the designer's " + resource + ": " + e.getMessage(), e);
        }
    }
}
