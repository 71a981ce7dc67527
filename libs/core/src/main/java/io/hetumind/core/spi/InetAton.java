package io.hetumind.core.spi;

/**
 * Reads IPv4 addresses the way C's {@code inet_aton} does, which is how browsers, curl and most HTTP
 * stacks read a URL's host: one to four dot-separated parts, each decimal, octal ({@code 0} prefix)
 * or hexadecimal ({@code 0x} prefix), the last part filling the remaining bytes. So
 * {@code 2130706433}, {@code 0x7f.1} and {@code 0177.0.0.1} are all 127.0.0.1. A policy that only
 * recognised dotted quads would send these to DNS and let the resolver decide.
 */
final class InetAton {

    private InetAton() {}

    /** The four bytes {@code host} spells, or null when it is not a numeric IPv4 form. */
    static byte[] parse(String host) {
        if (host.isEmpty() || host.startsWith(".") || host.endsWith(".")) {
            return null;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long v = number(parts[i]);
            if (v < 0) {
                return null;
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        int lastBits = 32 - 8 * (parts.length - 1);
        if (last >= (1L << lastBits)) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** One part's value, or -1 when it is not a number (or absurdly long). */
    private static long number(String part) {
        int radix = 10;
        String digits = part;
        if (part.length() > 1 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty() || digits.length() > 12) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }
}
