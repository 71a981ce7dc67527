package io.hetumind.core.spi;

import java.net.InetAddress;

/**
 * The kind of network an IP address belongs to, which is what a {@link NetworkPolicy} allows or
 * refuses. IPv6 forms that carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are classified by that IPv4
 * address, so {@code ::ffff:10.0.0.5} is as private as {@code 10.0.0.5}.
 */
public enum AddressClass {
    /** Everything below does not match: reachable on the internet. */
    PUBLIC("a public address", "public networks"),
    /** 127.0.0.0/8, ::1. */
    LOOPBACK("a loopback address", "the loopback interface"),
    /** 10/8, 172.16/12, 192.168/16 (RFC 1918), 100.64/10 (carrier-grade NAT), fc00::/7, fec0::/10. */
    PRIVATE("a private address", "private networks"),
    /** 169.254/16, fe80::/10 (cloud metadata addresses in them are {@link #CLOUD_METADATA}). */
    LINK_LOCAL("a link-local address", "link-local networks"),
    /** 169.254.169.254, 169.254.170.2, 169.254.169.253, 100.100.100.200, 192.0.0.192, fd00:ec2::254. */
    CLOUD_METADATA("a cloud metadata address", "cloud metadata endpoints"),
    /** 0.0.0.0/8 and :: (Linux connects "0.0.0.0" to the local host). */
    UNSPECIFIED("the unspecified address", "the unspecified address"),
    /** 224/4, ff00::/8. */
    MULTICAST("a multicast address", "multicast groups"),
    /** 255.255.255.255. */
    BROADCAST("the broadcast address", "broadcast addresses"),
    /**
     * 240/4, 192.0.0/24, 198.18/15, the documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24,
     * 2001:db8::/32), 100::/64: not reachable on the internet, so only ever something local.
     */
    RESERVED("a reserved address", "reserved address ranges");

    private final String article;
    private final String networks;

    AddressClass(String article, String networks) {
        this.article = article;
        this.networks = networks;
    }

    /** E.g. "a private address". */
    public String describe() {
        return article;
    }

    /** E.g. "private networks", as in "does not allow connections to private networks". */
    public String networks() {
        return networks;
    }

    /** The class of {@code address}. */
    public static AddressClass of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return ofV4(b);
        }
        byte[] embedded = embeddedV4(b);
        if (embedded != null) {
            AddressClass c = ofV4(embedded);
            // ::0.0.0.1 is the IPv6 loopback ::1 written as IPv4-compatible; ::/128 is unspecified.
            return c == UNSPECIFIED && isIpv4Compatible(b) ? ofV6(b) : c;
        }
        return ofV6(b);
    }

    private static AddressClass ofV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if ((a0 == 169 && a1 == 254 && ((a2 == 169 && (a3 == 254 || a3 == 253)) || (a2 == 170 && a3 == 2)))
                || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)
                || (a0 == 192 && a1 == 0 && a2 == 0 && a3 == 192)) {
            return CLOUD_METADATA;
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return BROADCAST;
        }
        if (a0 == 0) {
            return UNSPECIFIED;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 10
                || (a0 == 172 && (a1 & 0xf0) == 16)
                || (a0 == 192 && a1 == 168)
                || (a0 == 100 && (a1 & 0xc0) == 64)) {
            return PRIVATE;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL;
        }
        if ((a0 & 0xf0) == 224) {
            return MULTICAST;
        }
        if ((a0 & 0xf0) == 240
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 198 && (a1 & 0xfe) == 18)
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ofV6(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 15; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && b[15] == 0) {
            return UNSPECIFIED;
        }
        if (zeroPrefix && b[15] == 1) {
            return LOOPBACK;
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0xfd && b1 == 0x00 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2 && isMetadataTail(b)) {
            return CLOUD_METADATA;
        }
        if ((b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0xc0)) {
            return PRIVATE;
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if (b0 == 0xff) {
            return MULTICAST;
        }
        if ((b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8)
                || (b0 == 0x01
                        && b1 == 0
                        && b[2] == 0
                        && b[3] == 0
                        && b[4] == 0
                        && b[5] == 0
                        && b[6] == 0
                        && b[7] == 0)) {
            return RESERVED;
        }
        return PUBLIC;
    }

    /** fd00:ec2::254: every group between the prefix and the last one is zero and the last is 0x0254. */
    private static boolean isMetadataTail(byte[] b) {
        for (int i = 4; i < 14; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[14] & 0xff) == 0x02 && (b[15] & 0xff) == 0x54;
    }

    private static boolean isIpv4Compatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
    private static byte[] embeddedV4(byte[] b) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return tail(b, 12);
        }
        if (first10Zero && b[10] == 0 && b[11] == 0) {
            return tail(b, 12);
        }
        boolean nat64 =
                (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (nat64) {
            return tail(b, 12);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return tail(b, 2);
        }
        return null;
    }

    private static byte[] tail(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }
}
