package io.hetumind.sdk.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * What a plugin declares it needs beyond computing on its items, from the {@code permissions.*} keys of its
 * {@code META-INF/hetumind-plugin.properties}. Undeclared means refused: the loader refuses a plugin whose classes use
 * an API a declaration does not cover ({@link PluginVerifier}), and the services its nodes get are narrowed to the
 * declarations ({@link PluginScopes}).
 *
 * @param hosts {@code permissions.network}: host patterns ({@code api.example.com}, {@code *.example.com},
 *     {@code 10.0.0.5}, {@code *}, each optionally {@code :port})
 * @param readRoots {@code permissions.files.read}: folders its nodes may read (absolute, or relative to the plugins
 *     directory)
 * @param writeRoots {@code permissions.files.write}: folders its nodes may read and write
 * @param env {@code permissions.env}: environment variable names it may read
 * @param systemProperties {@code permissions.system-properties}: system property names it may read
 * @param threads {@code permissions.threads}: it may start threads
 * @param processes {@code permissions.processes}: it may start processes
 * @param reflection {@code permissions.reflection}: it may use reflection, method handles and its own class loaders
 */
public record PluginPermissions(
        List<String> hosts,
        List<Path> readRoots,
        List<Path> writeRoots,
        Set<String> env,
        Set<String> systemProperties,
        boolean threads,
        boolean processes,
        boolean reflection) {

    static final String PREFIX = "permissions.";
    static final Set<String> KEYS = Set.of(
            "permissions.network",
            "permissions.files.read",
            "permissions.files.write",
            "permissions.env",
            "permissions.system-properties",
            "permissions.threads",
            "permissions.processes",
            "permissions.reflection");

    public PluginPermissions {
        hosts = List.copyOf(hosts);
        readRoots = List.copyOf(readRoots);
        writeRoots = List.copyOf(writeRoots);
        env = Set.copyOf(env);
        systemProperties = Set.copyOf(systemProperties);
    }

    /** Nothing declared: computing on items only. */
    public static PluginPermissions none() {
        return new PluginPermissions(List.of(), List.of(), List.of(), Set.of(), Set.of(), false, false, false);
    }

    /** True when it declares any file root. */
    public boolean files() {
        return !readRoots.isEmpty() || !writeRoots.isEmpty();
    }

    /**
     * Reads the {@code permissions.*} keys; relative roots resolve against {@code base} (the plugins directory).
     *
     * @throws IllegalArgumentException naming the key, for an unknown key, a malformed value or a host pattern
     */
    static PluginPermissions read(Properties p, Path base) {
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                throw new IllegalArgumentException("it declares an unknown permission key '" + key + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        List<String> hosts = list(p, "permissions.network");
        try {
            io.hetumind.core.spi.NetworkPolicy.allowAll().onlyHosts(hosts, "check");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("permissions.network: " + e.getMessage());
        }
        return new PluginPermissions(
                hosts,
                roots(p, "permissions.files.read", base),
                roots(p, "permissions.files.write", base),
                names(p, "permissions.env"),
                names(p, "permissions.system-properties"),
                flag(p, "permissions.threads"),
                flag(p, "permissions.processes"),
                flag(p, "permissions.reflection"));
    }

    private static List<String> list(Properties p, String key) {
        String v = p.getProperty(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static List<Path> roots(Properties p, String key, Path base) {
        List<Path> out = new ArrayList<>();
        for (String s : list(p, key)) {
            Path root = Path.of(s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s);
            out.add((root.isAbsolute() ? root : base.resolve(root))
                    .toAbsolutePath()
                    .normalize());
        }
        return out;
    }

    private static Set<String> names(Properties p, String key) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : list(p, key)) {
            if (!s.matches("[A-Za-z0-9_.\\-]+")) {
                throw new IllegalArgumentException(key + ": '" + s + "' is not a variable name");
            }
            out.add(s);
        }
        return out;
    }

    private static boolean flag(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + v.strip() + "'");
        };
    }

    /** One line for listings, e.g. {@code network=api.example.com:443; env=TOKEN}; "none" when nothing is declared. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!hosts.isEmpty()) {
            parts.add("network=" + String.join(",", hosts));
        }
        if (!readRoots.isEmpty()) {
            parts.add("files.read="
                    + String.join(",", readRoots.stream().map(Path::toString).toList()));
        }
        if (!writeRoots.isEmpty()) {
            parts.add("files.write="
                    + String.join(",", writeRoots.stream().map(Path::toString).toList()));
        }
        if (!env.isEmpty()) {
            parts.add("env=" + String.join(",", env.stream().sorted().toList()));
        }
        if (!systemProperties.isEmpty()) {
            parts.add("system-properties="
                    + String.join(",", systemProperties.stream().sorted().toList()));
        }
        if (threads) {
            parts.add("threads");
        }
        if (processes) {
            parts.add("processes");
        }
        if (reflection) {
            parts.add("reflection");
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }
}
