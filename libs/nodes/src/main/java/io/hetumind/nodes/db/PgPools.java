package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.jdbc.sockets.RegisteredSocketFactory;
import io.hetumind.nodes.ssh.SshTunnel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * One {@link PgPool} per PostgreSQL credential (keyed by its connection fields, the password by
 * digest). A host may register its own as an engine service and close it on shutdown; otherwise a
 * process-wide instance is used and closed by a shutdown hook.
 */
public final class PgPools implements AutoCloseable {

    private static final class Shared {
        static final PgPools INSTANCE = create();

        private static PgPools create() {
            PgPools pools = new PgPools();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(pools::close));
            return pools;
        }
    }

    private static final AtomicLong NEXT_KEY = new AtomicLong();
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private final Map<String, PgPool> pools = new ConcurrentHashMap<>();
    private final Map<NetworkPolicy, String> policyKeys = new WeakHashMap<>();

    /** The process-wide pools used when the host registers none. */
    public static PgPools shared() {
        return Shared.INSTANCE;
    }

    /** The server host a credential names: a host name or an IP address, else a user error. */
    public static String host(ObjectNode cred) {
        String host = cred.path("host").asText("localhost").strip();
        // the host goes into the JDBC URL: anything but a name or an address could add driver parameters
        // (?socketFactory=… would step around the network policy)
        if (!HOST.matcher(host).matches()) {
            throw NodeException.user("the credential's host '" + host + "' is not a host name or an IP address");
        }
        return host;
    }

    /** The server port a credential names. */
    static int port(ObjectNode cred) {
        return cred.path("port").asInt(5432);
    }

    /**
     * The pool for a credential under {@code policy}: unless the policy allows everything, its
     * connections resolve and check the host through it ({@link PolicySocketFactory}, handed to the driver through
     * {@link RegisteredSocketFactory}), and pools are not shared between policies.
     */
    PgPool pool(ObjectNode cred, int connectTimeoutSeconds, NetworkPolicy policy) {
        return pool(cred, connectTimeoutSeconds, 0, policy);
    }

    /**
     * As {@link #pool(ObjectNode, int, NetworkPolicy)}, with TCP keep-alive probes starting after a connection has
     * been idle {@code keepAliveDelaySeconds} (n8n's "Delay Closing Idle Connection"; 0 leaves the system's delay).
     * Connections always have keep-alive on, as n8n's.
     */
    PgPool pool(ObjectNode cred, int connectTimeoutSeconds, int keepAliveDelaySeconds, NetworkPolicy policy) {
        String host = host(cred);
        int port = port(cred);
        String policyKey = policy.allowsEverything() ? "" : policyKey(policy);
        String database = cred.path("database").asText("postgres");
        String ssl = cred.path("ssl").asText("disable");
        int max = Math.max(1, cred.path("maxConnections").asInt(10));
        SshTunnel.Settings ssh = SshTunnel.Settings.of("postgres", cred).orElse(null);
        String key = digest(
                host + "\0" + port + "\0" + database + "\0" + cred.path("user").asText("") + "\0"
                        + cred.path("password").asText("") + "\0" + ssl + "\0" + max + "\0" + connectTimeoutSeconds
                        + "\0" + policyKey + "\0" + (ssh == null ? "" : ssh.identity()) + "\0" + keepAliveDelaySeconds);
        return pools.computeIfAbsent(key, k -> {
            Properties p = new Properties();
            p.setProperty("user", cred.path("user").asText("postgres"));
            if (!cred.path("password").asText("").isEmpty()) {
                p.setProperty("password", cred.path("password").asText());
            }
            p.setProperty("sslmode", ssl);
            // Strings are sent untyped so the server casts them to the column's type, as n8n's pg driver does.
            p.setProperty("stringtype", "unspecified");
            p.setProperty("connectTimeout", String.valueOf(connectTimeoutSeconds));
            p.setProperty("ApplicationName", "hetumind");
            p.setProperty("tcpKeepAlive", "true");
            String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                    + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8);
            long acquire = Math.max(1000L, connectTimeoutSeconds * 1000L);
            if (ssh != null) {
                // the policy checks the SSH server (when the tunnel opens); the database host is the SSH server's to
                // reach
                PgTunnel tunnel =
                        new PgTunnel(ssh, policy, host, port, Duration.ofSeconds(Math.max(1, connectTimeoutSeconds)));
                requireDriverSeesRegistry();
                RegisteredSocketFactory.Registration sockets = RegisteredSocketFactory.register(tunnel.sockets());
                p.setProperty("socketFactory", RegisteredSocketFactory.class.getName());
                p.setProperty("socketFactoryArg", sockets.id());
                return new PgPool(url, p, max, acquire, sockets, tunnel);
            }
            RegisteredSocketFactory.Registration sockets = policyKey.isEmpty() && keepAliveDelaySeconds <= 0
                    ? null
                    : register(p, new PolicySocketFactory(policy, keepAliveDelaySeconds));
            return new PgPool(url, p, max, acquire, sockets);
        });
    }

    /**
     * Sets driver properties {@code p} so that the sockets of connections opened with them resolve the server's name
     * through {@code policy} when they connect, and connect to the address it checked ({@link PolicySocketFactory}).
     * Close the answer once no connection will be opened with {@code p} any more.
     */
    public static RegisteredSocketFactory.Registration throughPolicy(Properties p, NetworkPolicy policy) {
        return register(p, new PolicySocketFactory(policy, 0));
    }

    private static RegisteredSocketFactory.Registration register(Properties p, PolicySocketFactory factory) {
        requireDriverSeesRegistry();
        RegisteredSocketFactory.Registration sockets = RegisteredSocketFactory.register(factory);
        p.setProperty("socketFactory", RegisteredSocketFactory.class.getName());
        p.setProperty("socketFactoryArg", sockets.id());
        return sockets;
    }

    /** The same key for the same policy object as long as it lives; pools are per policy. */
    private String policyKey(NetworkPolicy policy) {
        synchronized (policyKeys) {
            return policyKeys.computeIfAbsent(policy, p -> "policy-" + NEXT_KEY.incrementAndGet());
        }
    }

    /**
     * Fails with the reason, before any connection, when the PostgreSQL driver would load its own copy of {@link
     * RegisteredSocketFactory} (or none): it instantiates the class by name through its own class loader, and a copy
     * has an empty registry. A Quarkus host that loads pgjdbc parent-first (quarkus-jdbc-postgresql) must load
     * {@code io.hetumind:hetumind-jdbc-sockets} parent-first too.
     */
    static void requireDriverSeesRegistry() {
        ClassLoader driverLoader = org.postgresql.Driver.class.getClassLoader();
        if (!RegisteredSocketFactory.visibleTo(driverLoader)) {
            throw NodeException.operational(
                    "the PostgreSQL driver (class loader " + driverLoader
                            + ") does not see this application's " + RegisteredSocketFactory.class.getName()
                            + ", so it cannot apply the network policy: load io.hetumind:hetumind-jdbc-sockets in the driver's"
                            + " class loader (Quarkus: quarkus.class-loading.parent-first-artifacts)",
                    null);
        }
    }

    /** Work done on one borrowed connection (see {@link #withConnection}). */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(java.sql.Connection connection) throws java.sql.SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection of the credential (autocommit on), for nodes of other modules (chat
     * memory …); the connection goes back to the pool afterwards, or is dropped when the work failed in SQL.
     */
    public <T> T withConnection(ObjectNode cred, int connectTimeoutSeconds, NetworkPolicy policy, SqlWork<T> work)
            throws java.sql.SQLException, InterruptedException {
        try (PgPool.Lease lease = pool(cred, connectTimeoutSeconds, policy).borrow()) {
            try {
                return work.apply(lease.connection());
            } catch (java.sql.SQLException e) {
                lease.markBroken();
                throw e;
            }
        }
    }

    /** Closes every pool's connections; pools created afterwards work again. */
    @Override
    public void close() {
        pools.values().forEach(PgPool::close);
        pools.clear();
    }

    private static String digest(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
