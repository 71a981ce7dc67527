package io.hetumind.core.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where nodes may open network connections: the instance-wide answer to server-side request
 * forgery. A node that connects anywhere (HTTP Request, Postgres …) asks {@link #resolve} for the
 * addresses of a host, which resolves the name once, checks <em>every</em> address it got and
 * returns them; the node then connects to one of those very addresses (never resolving the name
 * again), so a DNS answer that changes between the check and the connection cannot slip past.
 *
 * <p>Hosts register one with {@code Engine.builder().service(NetworkPolicy.class, policy)}; nodes
 * find it with {@code ctx.service(NetworkPolicy.class)} and use {@link #allowAll()} when there is
 * none (the CLI's default: a local run may reach the local machine). A multi-tenant host such as the
 * studio registers {@link #publicOnly()} or a {@link #builder()} policy that allows some classes or
 * some internal endpoints.
 *
 * <p>Numeric host forms are read the way C's {@code inet_aton} reads them ({@code 2130706433},
 * {@code 0x7f.1}, {@code 0177.0.0.1} are all 127.0.0.1) and are never sent to DNS; names of cloud
 * metadata services ({@code metadata.google.internal} …) are refused by name as well as by address.
 */
public final class NetworkPolicy {

    /** Name resolution, replaceable for tests and for hosts with their own DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata.google.internal",
            "metadata.goog",
            "metadata",
            "instance-data",
            "instance-data.ec2.internal",
            "metadata.azure.internal",
            "metadata.tencentyun.com");

    private static final NetworkPolicy ALLOW_ALL =
            new NetworkPolicy(EnumSet.allOf(AddressClass.class), List.of(), InetAddress::getAllByName, null);

    private final Set<AddressClass> allowed;
    private final List<AllowedRange> ranges;
    private final Resolver resolver;
    private final HostAllowList hosts; // null: any host name

    private NetworkPolicy(
            Set<AddressClass> allowed, List<AllowedRange> ranges, Resolver resolver, HostAllowList hosts) {
        this.allowed = allowed;
        this.ranges = ranges;
        this.resolver = resolver;
        this.hosts = hosts;
    }

    /**
     * This policy narrowed to the hosts {@code patterns} name: {@code name}, {@code *.domain} (any name below it),
     * an IP literal ({@code 10.0.0.5}, {@code [::1]}) or {@code *} (any host), each optionally with {@code :port}.
     * A connection must match one pattern <em>and</em> pass this policy's address rules; a name matched by a pattern
     * still has its addresses checked. {@code who} names the party the list belongs to in refusals (e.g. "plugin
     * acme-weather@1.0.0").
     *
     * @throws IllegalArgumentException when a pattern is malformed
     */
    public NetworkPolicy onlyHosts(List<String> patterns, String who) {
        HostAllowList list = HostAllowList.parse(patterns, who);
        return new NetworkPolicy(allowed, ranges, resolver, hosts == null ? list : hosts.and(list));
    }

    /** True when this policy names the hosts it allows ({@link #onlyHosts}). */
    public boolean restrictsHosts() {
        return hosts != null;
    }

    /** Every address allowed: what a node does when its host registers no policy. */
    public static NetworkPolicy allowAll() {
        return ALLOW_ALL;
    }

    /** Only {@link AddressClass#PUBLIC} addresses: the multi-tenant default. */
    public static NetworkPolicy publicOnly() {
        return builder().build();
    }

    /** A policy that starts from public-only; allow classes or ranges on top. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when this policy refuses nothing. */
    public boolean allowsEverything() {
        return hosts == null && allowed.size() == AddressClass.values().length;
    }

    /** True when every address of class {@code c} is allowed. */
    public boolean allows(AddressClass c) {
        return allowed.contains(c);
    }

    /**
     * Resolves {@code host} (a name, an IP literal with or without brackets, or a numeric IPv4 form),
     * checks every address for a connection to {@code port} and returns them in the resolver's
     * order. Connect only to these.
     *
     * @throws NetworkRefusedException when the name or any of its addresses is not allowed
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetAddress> resolve(String host, int port) throws UnknownHostException {
        String name = normalize(host);
        InetAddress literal = literal(name);
        if (hosts != null) {
            hosts.check(host, name, literal, port);
        }
        if (literal != null) {
            check(host, true, literal, port);
            return List.of(literal);
        }
        if (!allows(AddressClass.CLOUD_METADATA) && METADATA_NAMES.contains(name)) {
            throw NetworkRefusedException.of(host, host + " (a cloud metadata endpoint)", AddressClass.CLOUD_METADATA);
        }
        InetAddress[] all = resolver.resolve(name);
        if (all == null || all.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress a : all) {
            check(host, false, a, port);
        }
        return List.of(all);
    }

    /**
     * Checks an address a connection is about to be opened to ({@code host} is how the node named
     * it, for the message).
     *
     * @throws NetworkRefusedException when it is not allowed
     */
    public void check(String host, InetAddress address, int port) {
        String name = normalize(host);
        InetAddress literal = literal(name);
        if (hosts != null) {
            hosts.check(host, name, literal, port);
        }
        check(host, literal != null, address, port);
    }

    private void check(String host, boolean literal, InetAddress address, int port) {
        AddressClass c = AddressClass.of(address);
        if (allowed.contains(c)) {
            return;
        }
        if (c != AddressClass.CLOUD_METADATA) {
            for (AllowedRange r : ranges) {
                if (r.matches(address, port)) {
                    return;
                }
            }
        }
        String what = literal ? host + " (" + c.describe() + ")" : host + " (it resolves to " + c.describe() + ")";
        throw NetworkRefusedException.of(host, what, c);
    }

    static String normalize(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The address {@code h} spells without DNS (IPv6 literal or inet_aton IPv4 form), or null for a name. */
    static InetAddress literal(String h) {
        try {
            if (h.indexOf(':') >= 0) {
                return InetAddress.getByName(h.startsWith("[") ? h : "[" + h + "]");
            }
            byte[] v4 = InetAton.parse(h);
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "NetworkPolicy" + allowed + (ranges.isEmpty() ? "" : " + " + ranges)
                + (hosts == null ? "" : " " + hosts);
    }

    /** An allowed CIDR range, optionally on one port only. */
    private record AllowedRange(byte[] network, int prefix, int port, String text) {

        boolean matches(InetAddress a, int p) {
            byte[] b = a.getAddress();
            if (b.length != network.length || (port >= 0 && port != p)) {
                return false;
            }
            int full = prefix / 8;
            if (!Arrays.equals(b, 0, full, network, 0, full)) {
                return false;
            }
            int rest = prefix % 8;
            return rest == 0 || ((b[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Builds a policy: public addresses always, plus what is allowed here. */
    public static final class Builder {
        private final Set<AddressClass> allowed = EnumSet.of(AddressClass.PUBLIC);
        private final List<AllowedRange> ranges = new ArrayList<>();
        private Resolver resolver = InetAddress::getAllByName;

        private Builder() {}

        /** Allows every address of these classes. */
        public Builder allow(AddressClass... classes) {
            allowed.addAll(List.of(classes));
            return this;
        }

        /** Allows every class: the same as {@link #allowAll()} but with this builder's resolver. */
        public Builder allowEverything() {
            allowed.addAll(EnumSet.allOf(AddressClass.class));
            return this;
        }

        /**
         * Allows a range such as {@code 10.20.0.0/16}, {@code fd12::/64} or one address
         * {@code 10.20.1.5}, on any port. Cloud metadata addresses stay refused unless that class is
         * allowed.
         */
        public Builder allowRange(String cidr) {
            return allowRange(cidr, -1);
        }

        /** Like {@link #allowRange(String)}, for connections to {@code port} only ({@code -1}: any). */
        public Builder allowRange(String cidr, int port) {
            String text = cidr.strip();
            int slash = text.indexOf('/');
            InetAddress net = literal(normalize(slash < 0 ? text : text.substring(0, slash)));
            if (net == null) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
            }
            int bits = net.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bits || port < -1 || port > 65535) {
                throw new IllegalArgumentException("'" + cidr + "' (port " + port + ") is out of range");
            }
            ranges.add(new AllowedRange(net.getAddress(), prefix, port, port < 0 ? text : text + " port " + port));
            return this;
        }

        /**
         * Allows a range written as hosts configure it: {@code CIDR} (any port) or {@code CIDR@port}.
         *
         * @throws IllegalArgumentException naming the text when it is neither
         */
        public Builder allowRangeSpec(String spec) {
            int at = spec.indexOf('@');
            if (at < 0) {
                return allowRange(spec);
            }
            int port;
            try {
                port = Integer.parseInt(spec.substring(at + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "' has no valid port after '@'");
            }
            return allowRange(spec.substring(0, at), port);
        }

        /** Where names are resolved (default: the JVM's resolver). */
        public Builder resolver(Resolver value) {
            resolver = java.util.Objects.requireNonNull(value);
            return this;
        }

        public NetworkPolicy build() {
            return new NetworkPolicy(EnumSet.copyOf(allowed), List.copyOf(ranges), resolver, null);
        }
    }
}
