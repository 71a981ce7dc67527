package io.hetumind.testkit;

import io.hetumind.embeddedpg.EmbeddedPostgresServer;
import io.hetumind.platform.config.PgUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server tests use: {@code HETUMIND_TEST_PG_URL} when set (CI points it at the machine's server),
 * else one embedded server per JVM, started on first use.
 */
public final class TestPostgres {
    /** The environment variable naming a server for tests. */
    public static final String ENV = "HETUMIND_TEST_PG_URL";

    private static PgUrl server;
    private static EmbeddedPostgres embedded;

    private TestPostgres() {}

    /** The server's admin URL (database {@code postgres}). */
    public static synchronized PgUrl server() {
        if (server == null) {
            String url = System.getenv(ENV);
            if (url != null && !url.isBlank()) {
                server = PgUrl.parse(ENV, url);
            } else {
                server = startEmbedded();
            }
        }
        return server;
    }

    /** Opens a JDBC connection to {@code url}. */
    public static Connection connect(PgUrl url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", url.user());
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    private static PgUrl startEmbedded() {
        try {
            var dir = Files.createTempDirectory("hetumind-test-pg");
            embedded = EmbeddedPostgresServer.start(
                    dir, 0, true, java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "hetumind-pg-binaries"));
            return new PgUrl("127.0.0.1", embedded.getPort(), "postgres", "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
        }
    }
}
