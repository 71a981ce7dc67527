package io.hetumind.nodes.http;

import io.hetumind.core.spi.NodeException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which hosts outbound HTTP may reach. Link-local and cloud metadata addresses are always refused;
 * private, loopback and other internal ranges only when {@code allowPrivate} is false. The check
 * runs on every resolved address (not just the name) and again on each redirect hop. A host sets
 * it as an engine service ({@code Engine.builder().service(OutboundGuard.class, …)}); without one,
 * {@link #fromEnvironment()} reads {@code hetumind.http.allowPrivate} / {@code HETUMIND_HTTP_ALLOW_PRIVATE}
 * (default true).
 */
public final class OutboundGuard {

    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata.google.internal",
            "metadata.goog",
            "metadata",
            "instance-data",
            "instance-data.ec2.internal",
            "metadata.azure.internal");

    private final boolean allowPrivate;

    public OutboundGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The host-level default: private addresses allowed unless the setting says {@code false}. */
    public static OutboundGuard fromEnvironment() {
        String v = System.getProperty("hetumind.http.allowPrivate", System.getenv("HETUMIND_HTTP_ALLOW_PRIVATE"));
        return new OutboundGuard(v == null || v.isBlank() || Boolean.parseBoolean(v.strip()));
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** Resolves the URI's host and refuses it with a user error naming item {@code itemIndex}. */
    void check(URI uri, int itemIndex) {
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw NodeException.user("the URL '" + safe(uri) + "' has no host [item " + itemIndex + "]", itemIndex);
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (METADATA_NAMES.contains(name)) {
            throw refused(host, "a cloud metadata endpoint", itemIndex);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
        } catch (UnknownHostException e) {
            throw NodeException.operational(
                    "The host '" + host + "' could not be resolved [item " + itemIndex + "]", null);
        }
        for (InetAddress a : addresses) {
            String why = reason(a);
            if (why != null) {
                throw refused(host, a.getHostAddress() + " is " + why, itemIndex);
            }
        }
    }

    /** Why {@code a} may not be reached, or null when it may. */
    String reason(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata lives there)";
        }
        if (a instanceof Inet4Address
                && (b[0] & 0xff) == 100
                && (b[1] & 0xff) == 100
                && (b[2] & 0xff) == 100
                && (b[3] & 0xff) == 200) {
            return "a cloud metadata address";
        }
        if (a instanceof Inet6Address
                && (b[0] & 0xff) == 0xfd
                && (b[1] & 0xff) == 0x00
                && (b[2] & 0xff) == 0x0e
                && (b[3] & 0xff) == 0xc2) {
            return "a cloud metadata address";
        }
        if (allowPrivate) {
            return null;
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        if (a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address";
        }
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a unique local IPv6 address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        return null;
    }

    private static NodeException refused(String host, String why, int itemIndex) {
        return NodeException.user(
                "The request to '" + host + "' was refused: " + why + " [item " + itemIndex + "]", itemIndex);
    }

    private static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
