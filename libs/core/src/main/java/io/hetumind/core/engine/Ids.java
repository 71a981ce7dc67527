package io.hetumind.core.engine;

import java.util.concurrent.ThreadLocalRandom;

/** Execution ids: UUID v7 (time-ordered, so stores index them well) from a cheap random source. */
public final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    /** A new UUID v7 string; ids are not secrets (resume tokens are signed separately). */
    public static String uuidV7() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long ms = System.currentTimeMillis();
        long hi = (ms << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        int p = hex(out, 0, hi >>> 32, 8);
        out[p++] = '-';
        p = hex(out, p, hi >>> 16, 4);
        out[p++] = '-';
        p = hex(out, p, hi, 4);
        out[p++] = '-';
        p = hex(out, p, lo >>> 48, 4);
        out[p++] = '-';
        hex(out, p, lo, 12);
        return new String(out);
    }

    private static int hex(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return at + digits;
    }
}
