package io.hetumind.nodes.compression;

import io.hetumind.core.spi.NodeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zip and gzip in memory, with decompression bounded per input item (total bytes and zip entries)
 * so an archive bomb fails with a clear error instead of filling the heap or the binary store.
 */
final class Archives {

    /** Bytes all decompressed files of one item may add up to. */
    static final long MAX_OUTPUT_BYTES = 256L << 20;

    /** Files one item's archives may hold. */
    static final int MAX_ENTRIES = 10_000;

    /** Stored, not deflated, in a zip: deflating them again gains nothing (n8n's list). */
    private static final Set<String> ALREADY_COMPRESSED = Set.of(
            "7z", "aifc", "bz2", "doc", "docx", "gif", "gz", "heic", "heif", "jpg", "jpeg", "mov", "mp3", "mp4", "pdf",
            "png", "ppt", "pptx", "rar", "webm", "webp", "xls", "xlsx", "zip");

    record Entry(String name, byte[] data) {}

    /** What is left of one item's allowance. */
    static final class Budget {
        private final long maxBytes;
        private final int maxEntries;
        private long bytes;
        private int entries;

        Budget(long maxBytes, int maxEntries) {
            this.maxBytes = maxBytes;
            this.maxEntries = maxEntries;
            this.bytes = maxBytes;
            this.entries = maxEntries;
        }
    }

    private Archives() {}

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A zip of {@code files} (name → bytes), in order; already-compressed kinds are stored. */
    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ZipEntry e = new ZipEntry(f.getKey());
                byte[] data = f.getValue();
                if (ALREADY_COMPRESSED.contains(extension(f.getKey()))) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(data.length);
                    e.setCompressedSize(data.length);
                    e.setCrc(crc.getValue());
                } else {
                    e.setMethod(ZipEntry.DEFLATED);
                    zip.setLevel(6);
                }
                zip.putNextEntry(e);
                zip.write(data);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The files of a zip archive (directories and macOS {@code __MACOSX} copies left out). */
    static List<Entry> unzip(byte[] data, String field, int item, Budget budget) {
        if (!looksLikeZip(data)) {
            throw invalid("zip archive", field, item, "it does not start with a zip header");
        }
        List<Entry> out = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(data))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory() || e.getName().contains("__MACOSX")) {
                    continue;
                }
                if (--budget.entries < 0) {
                    throw NodeException.user(
                            "the archive in '" + field + "' holds more than " + budget.maxEntries + " files [item "
                                    + item + "]",
                            item);
                }
                out.add(new Entry(e.getName(), bounded(zip, budget, item)));
            }
        } catch (ZipException | java.io.EOFException e) {
            throw invalid("zip archive", field, item, e.getMessage());
        } catch (IOException e) {
            throw invalid("zip archive", field, item, e.getMessage());
        }
        return out;
    }

    static byte[] gunzip(byte[] data, String field, int item, Budget budget) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return bounded(in, budget, item);
        } catch (IOException e) {
            throw invalid("gzip file", field, item, e.getMessage());
        }
    }

    private static byte[] bounded(InputStream in, Budget budget, int item) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            budget.bytes -= n;
            if (budget.bytes < 0) {
                throw NodeException.user(
                        "The decompressed output exceeds the maximum allowed size of " + mb(budget.maxBytes) + " [item "
                                + item + "]",
                        item);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String mb(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
    }

    private static boolean looksLikeZip(byte[] d) {
        return d.length >= 4 && d[0] == 'P' && d[1] == 'K' && (d[2] == 3 || d[2] == 5) && (d[3] == 4 || d[3] == 6);
    }

    private static NodeException invalid(String what, String field, int item, String why) {
        return NodeException.user(
                "the binary field '" + field + "' is not a valid " + what + ": " + (why == null ? "unreadable" : why)
                        + " [item " + item + "]",
                item);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
