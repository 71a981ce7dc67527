package io.hetumind.nodes.ai.vector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The parts of a zip container (Docx, EPub) read with bounds, so a zip bomb is refused instead of
 * filling the heap: every entry is inflated through one counter (also those not kept), and the
 * number of entries is capped. Problems are {@link IllegalArgumentException}s naming the file kind.
 */
final class ZipParts {

    /** Uncompressed bytes of all entries together, kept or not. */
    static final long MAX_TOTAL_BYTES = 256L << 20;

    /** Uncompressed bytes of the entries kept in memory (the XML parts that are parsed). */
    static final long MAX_KEPT_BYTES = 32L << 20;

    /** Entries in one archive. */
    static final int MAX_ENTRIES = 10_000;

    private final Map<String, byte[]> parts;
    private final Map<String, String> lowerCase = new LinkedHashMap<>();

    private ZipParts(Map<String, byte[]> parts) {
        this.parts = parts;
        parts.keySet().forEach(n -> lowerCase.putIfAbsent(n.toLowerCase(Locale.ROOT), n));
    }

    /**
     * Reads the archive, keeping the entries whose name {@code keep} accepts.
     *
     * @param kind what the file should be ("Docx", "EPub"), for the messages
     */
    static ZipParts read(byte[] zip, String kind, Predicate<String> keep) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        long total = 0;
        long kept = 0;
        int entries = 0;
        byte[] buffer = new byte[16 * 1024];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new IllegalArgumentException(
                            "the " + kind + " file has more than " + MAX_ENTRIES + " zip entries; refused");
                }
                boolean keeping = !entry.isDirectory() && keep.test(entry.getName());
                ByteArrayOutputStream out = keeping ? new ByteArrayOutputStream() : null;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_TOTAL_BYTES) {
                        throw new IllegalArgumentException("the " + kind + " file unpacks to more than "
                                + (MAX_TOTAL_BYTES >> 20) + " MiB; refused (a zip bomb?)");
                    }
                    if (out != null) {
                        kept += n;
                        if (kept > MAX_KEPT_BYTES) {
                            throw new IllegalArgumentException("the " + kind + " file's text parts unpack to more than "
                                    + (MAX_KEPT_BYTES >> 20) + " MiB; refused");
                        }
                        out.write(buffer, 0, n);
                    }
                }
                if (out != null) {
                    parts.putIfAbsent(entry.getName(), out.toByteArray());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the file is not a readable " + kind + " (zip) file: " + e.getMessage());
        }
        if (entries == 0) {
            throw new IllegalArgumentException("the file is not a " + kind + " file: it is not a zip archive");
        }
        return new ZipParts(parts);
    }

    /** The part of that exact name, or {@code null}. */
    byte[] get(String name) {
        return parts.get(name);
    }

    /** The part of that name compared without case (as EPub readers look names up), or {@code null}. */
    byte[] getIgnoreCase(String name) {
        String actual = lowerCase.get(name.toLowerCase(Locale.ROOT));
        return actual == null ? null : parts.get(actual);
    }
}
