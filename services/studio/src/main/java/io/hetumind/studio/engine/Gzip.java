package io.hetumind.studio.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Text stored compressed (snapshots, run data): JSON of executions shrinks five- to twentyfold. */
public final class Gzip {
    private Gzip() {}

    public static byte[] compress(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, text.length() / 6));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String decompress(byte[] data) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            return new String(gz.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("stored data is not gzip: " + e.getMessage(), e);
        }
    }
}
