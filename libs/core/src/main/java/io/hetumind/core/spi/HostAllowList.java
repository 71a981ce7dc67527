package io.hetumind.core.spi;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a {@link NetworkPolicy} narrowed with {@link NetworkPolicy#onlyHosts} lets a connection go to: names,
 * {@code *.domain} wildcards, IP literals (compared as addresses, so {@code 2130706433} is {@code 127.0.0.1}) or
 * {@code *}, each on one port or any. Lists narrowed twice must both match.
 */
final class HostAllowList {

    private record Pattern(String name, InetAddress address, boolean wildcard, int port, String text) {

        boolean matches(String host, InetAddress literal, int p) {
            if (port >= 0 && port != p) {
                return false;
            }
            if (address != null) {
                return address.equals(literal);
            }
            if (literal != null) {
                return "*".equals(name);
            }
            if ("*".equals(name)) {
                return true;
            }
            return wildcard ? host.endsWith("." + name) : host.equals(name);
        }
    }

    private final List<Pattern> patterns;
    private final String who;
    private final HostAllowList also; // a list narrowed before this one, or null

    private HostAllowList(List<Pattern> patterns, String who, HostAllowList also) {
        this.patterns = patterns;
        this.who = who;
        this.also = also;
    }

    static HostAllowList parse(List<String> texts, String who) {
        List<Pattern> out = new ArrayList<>();
        for (String raw : texts) {
            out.add(pattern(raw));
        }
        return new HostAllowList(List.copyOf(out), who, null);
    }

    HostAllowList and(HostAllowList narrower) {
        return new HostAllowList(narrower.patterns, narrower.who, this);
    }

    /** Refuses {@code host} (normalized {@code name}, its literal address or null) on {@code port} unless listed. */
    void check(String host, String name, InetAddress literal, int port) {
        if (also != null) {
            also.check(host, name, literal, port);
        }
        for (Pattern p : patterns) {
            if (p.matches(name, literal, port)) {
                return;
            }
        }
        throw NetworkRefusedException.notListed(host, port, who, toString());
    }

    private static Pattern pattern(String raw) {
        String text = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty host pattern");
        }
        String host = text;
        int port = -1;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (bracketed ? text.indexOf("]:") > 0 : colon > 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("host pattern '" + raw + "' has no valid port");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("host pattern '" + raw + "' has a port out of range");
            }
        }
        String name = NetworkPolicy.normalize(host);
        if (name.equals("*")) {
            return new Pattern("*", null, false, port, text);
        }
        if (name.startsWith("*.")) {
            String domain = name.substring(2);
            if (domain.isEmpty() || domain.contains("*")) {
                throw new IllegalArgumentException("host pattern '" + raw + "' is not *.domain");
            }
            return new Pattern(domain, null, true, port, text);
        }
        if (name.contains("*") || name.isEmpty()) {
            throw new IllegalArgumentException("host pattern '" + raw + "' may only start with '*.'");
        }
        InetAddress literal = NetworkPolicy.literal(name);
        return new Pattern(literal == null ? name : null, literal, false, port, text);
    }

    @Override
    public String toString() {
        return patterns.isEmpty()
                ? "none"
                : String.join(", ", patterns.stream().map(Pattern::text).toList());
    }
}
