package io.hetumind.studio.credential;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where "test credential" may connect: never link-local or cloud metadata addresses, and loopback or private ones
 * only when {@code hetumind.studio.credentials.test-allow-private-hosts} is true. The check runs on the resolved
 * address, and the connection is made to that address, so a DNS answer cannot change between check and use.
 */
final class HostGuard {
    private static final Set<String> METADATA =
            Set.of("metadata.google.internal", "metadata.goog", "metadata", "instance-data", "metadata.azure.internal");

    private HostGuard() {}

    /** The address to connect to; {@link Refused} with a reason a user may read. */
    static InetAddress check(String host, boolean allowPrivate) throws Refused {
        String name = host.toLowerCase(Locale.ROOT);
        if (METADATA.contains(name)) {
            throw new Refused("host '" + host + "' is a cloud metadata endpoint");
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("host '" + host + "' does not resolve");
        }
        for (InetAddress a : all) {
            if (a.isLinkLocalAddress() || a.getHostAddress().startsWith("169.254.")) {
                throw new Refused("host '" + host + "' is a link-local address");
            }
            if (!allowPrivate && internal(a)) {
                throw new Refused("host '" + host + "' is a loopback or private address, which this studio does not"
                        + " allow to be tested");
            }
        }
        return all[0];
    }

    private static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // carrier-grade NAT 100.64/10
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }

    /** A host the test may not connect to. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
