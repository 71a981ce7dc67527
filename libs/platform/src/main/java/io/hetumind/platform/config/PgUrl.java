package io.hetumind.platform.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A PostgreSQL URL in libpq form ({@code postgresql://user:password@host:port/db}), split for Quarkus. */
public record PgUrl(String host, int port, String database, String user, String password) {

    /** Parses {@code postgresql://} or {@code postgres://} URLs; fails naming {@code key} on anything else. */
    public static PgUrl parse(String key, String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + e.getMessage());
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    key + " must look like postgresql://user:password@host:5432/database, got scheme '"
                            + uri.getScheme() + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(key + " has no host");
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new PgUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, db, user, password);
    }

    /** The URL the Vert.x reactive client takes (credentials passed separately). */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** The URL the JDBC driver (Flyway) takes. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The same server, another database. */
    public PgUrl withDatabase(String db) {
        return new PgUrl(host, port, db, user, password);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
