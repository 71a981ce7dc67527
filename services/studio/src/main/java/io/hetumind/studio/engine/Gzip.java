package io.hetumind.studio.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Text stored compressed (snapshots, run data): JSON of executions shrinks five- to twentyfold. Written as gzip (RFC
 * 1952) by deflaters kept in a small pool: a fresh {@link Deflater} allocates and zeroes about 256 KiB of native
 * memory, which costs more than compressing the few kilobytes of a typical run (every run compresses twice).
 */
public final class Gzip {
    private static final int POOLED = 64;
    private static final ArrayBlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(POOLED);
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private Gzip() {}

    public static byte[] compress(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        Deflater d = DEFLATERS.poll();
        if (d == null) {
            d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, in.length / 6 + HEADER.length + 8));
            out.write(HEADER, 0, HEADER.length);
            d.setInput(in);
            d.finish();
            byte[] buf = new byte[Math.min(8192, Math.max(256, in.length / 4))];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            CRC32 crc = new CRC32();
            crc.update(in);
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, in.length);
            return out.toByteArray();
        } finally {
            d.reset();
            if (!DEFLATERS.offer(d)) {
                d.end();
            }
        }
    }

    public static String decompress(byte[] data) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            return new String(gz.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("stored data is not gzip: " + e.getMessage(), e);
        }
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
