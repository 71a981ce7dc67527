package io.hetumind.studio.trigger;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A webhook's "IP(s) Allowlist" option as n8n reads it: comma-separated addresses and CIDR ranges, IPv4 or IPv6; an
 * empty list lets everyone in. Like n8n (Node's {@code BlockList}), an entry that is not an address or whose prefix is
 * out of range is skipped, an IPv4 entry never matches an IPv6 caller and the reverse, and a caller is let in when its
 * address — the socket peer, or the client a proxy the studio trusts names ({@code quarkus.http.proxy.*}) — matches.
 * Only literal addresses are parsed: an entry is never looked up in DNS.
 */
final class IpAllowlist {
    static final IpAllowlist ANYONE = new IpAllowlist(List.of());

    private final List<Range> ranges;

    private IpAllowlist(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** {@code text} as the option holds it; blank or null: anyone. */
    static IpAllowlist parse(String text) {
        if (text == null || text.isBlank()) {
            return ANYONE;
        }
        List<Range> ranges = new ArrayList<>();
        boolean any = false;
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            any = true;
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                continue;
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (prefix < 0 || prefix > bits) {
                    continue;
                }
            }
            ranges.add(new Range(address.length, new BigInteger(1, address).shiftRight(bits - prefix), prefix));
        }
        // entries that were all unreadable leave a list that lets nobody in, as in n8n
        return any ? new IpAllowlist(ranges) : ANYONE;
    }

    boolean anyone() {
        return this == ANYONE;
    }

    /** Whether a caller at {@code address} (text as the server reports it) may call. */
    boolean allows(String address) {
        if (anyone()) {
            return true;
        }
        byte[] caller = address == null ? null : literal(address);
        if (caller == null) {
            return false;
        }
        BigInteger value = new BigInteger(1, caller);
        for (Range r : ranges) {
            if (r.length == caller.length
                    && value.shiftRight(caller.length * 8 - r.prefix).equals(r.network)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IP literal, or null: no name is resolved (a bracketed or zoned IPv6 is taken too). */
    private static byte[] literal(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(s).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code network} is the address's first {@code prefix} bits. */
    private record Range(int length, BigInteger network, int prefix) {}
}
