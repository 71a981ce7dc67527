package io.hetumind.core.task;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Log lines compressed as one block: gzip of their JSON array. Agents send log chunks this way ({@code lines_gz},
 * base64, protocol 2) and the task-server stores them so; reading back refuses more than {@link #MAX_INFLATED} bytes,
 * so a small block cannot expand into a large one (a "zip bomb").
 */
public final class LogChunks {
    /**
     * The most a block may inflate to: 16 times the largest plain frame (256 KiB); an agent's chunk holds at most 128
     * KiB of text, so even JSON-escaped it stays well below.
     */
    public static final int MAX_INFLATED = 4 * 1024 * 1024;

    private static final TypeReference<List<Messages.LogLine>> LINES = new TypeReference<>() {};

    private LogChunks() {}

    public static byte[] gzip(List<Messages.LogLine> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            Protocol.json().writeValue(gz, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String gzipBase64(List<Messages.LogLine> lines) {
        return Base64.getEncoder().encodeToString(gzip(lines));
    }

    /** The lines of a block; {@link IOException} when it is not gzip'd JSON lines or inflates past the limit. */
    public static List<Messages.LogLine> gunzip(byte[] block) throws IOException {
        try (InputStream in = new Bounded(new GZIPInputStream(new ByteArrayInputStream(block), 8192))) {
            List<Messages.LogLine> lines = Protocol.json().readValue(in, LINES);
            if (lines == null) {
                throw new IOException("no lines");
            }
            return lines;
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public static List<Messages.LogLine> gunzipBase64(String block) throws IOException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(block);
        } catch (IllegalArgumentException e) {
            throw new IOException("not base64");
        }
        return gunzip(bytes);
    }

    /** Fails once more than {@link #MAX_INFLATED} bytes were read. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > MAX_INFLATED) {
                throw new IOException("inflates to more than " + MAX_INFLATED + " bytes");
            }
        }
    }
}
