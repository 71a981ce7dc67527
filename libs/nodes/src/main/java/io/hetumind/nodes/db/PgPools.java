package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NetworkPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<String, PgPool> pools = new ConcurrentHashMap<>();

    /** The process-wide pools used when the host registers none. */
    public static PgPools shared() {
        return Shared.INSTANCE;
    }

    /** The server host a credential names. */
    static String host(ObjectNode cred) {
        return cred.path("host").asText("localhost");
    }

    /** The server port a credential names. */
    static int port(ObjectNode cred) {
        return cred.path("port").asInt(5432);
    }

    /**
     * The pool for a credential under {@code policy}: unless the policy allows everything, its
     * connections resolve and check the host through it ({@link PolicySocketFactory}), and pools are
     * not shared between policies.
     */
    PgPool pool(ObjectNode cred, int connectTimeoutSeconds, NetworkPolicy policy) {
        String host = host(cred);
        int port = port(cred);
        String policyId = policy.allowsEverything() ? "" : PolicySocketFactory.register(policy);
        String database = cred.path("database").asText("postgres");
        String ssl = cred.path("ssl").asText("disable");
        int max = Math.max(1, cred.path("maxConnections").asInt(10));
        String key = digest(
                host + "\0" + port + "\0" + database + "\0" + cred.path("user").asText("") + "\0"
                        + cred.path("password").asText("") + "\0" + ssl + "\0" + max + "\0" + connectTimeoutSeconds
                        + "\0" + policyId);
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
            if (!policyId.isEmpty()) {
                p.setProperty("socketFactory", PolicySocketFactory.class.getName());
                p.setProperty("socketFactoryArg", policyId);
            }
            String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                    + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8);
            return new PgPool(url, p, max, Math.max(1000L, connectTimeoutSeconds * 1000L));
        });
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
