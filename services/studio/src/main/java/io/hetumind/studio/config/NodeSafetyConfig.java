package io.hetumind.studio.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * What workflows may do on this instance ({@code hetumind.studio.nodes.*}, {@code HETUMIND_STUDIO_NODES_*}). The
 * studio runs many tenants' workflows, so unlike the CLI it refuses internal networks and host access by default.
 */
@ConfigMapping(prefix = "hetumind.studio.nodes")
public interface NodeSafetyConfig {
    /** Let HTTP Request, Postgres and every network node reach private (RFC 1918, fc00::/7) addresses. */
    @WithDefault("false")
    boolean allowPrivateNetworks();

    /** Let them reach this host's loopback interface (the studio's own ports, its database…). */
    @WithDefault("false")
    boolean allowLoopback();

    /**
     * Internal ranges that stay reachable when private networks are refused, as CIDR or {@code CIDR@port}, e.g.
     * {@code 10.20.0.0/16}, {@code fd12::/64} or {@code 10.30.1.5@5432} (a shared database, that port only).
     */
    Optional<List<String>> allowedRanges();

    /** Code, Function, Function Item and Sort's code mode (sandboxed JavaScript with CPU and memory budgets). */
    @WithDefault("true")
    boolean code();

    /** Execute Command: commands on the studio worker's host. */
    @WithDefault("false")
    boolean executeCommand();

    /** Reading and writing files on the studio worker's disk. */
    @WithDefault("false")
    boolean localFiles();
}
