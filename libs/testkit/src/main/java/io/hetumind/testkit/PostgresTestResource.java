package io.hetumind.testkit;

import io.hetumind.platform.config.PgUrl;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives a Quarkus test app a fresh, empty database of its own on the {@link TestPostgres} server, and drops it
 * afterwards; concurrent runs on one server never see each other's rows.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private PgUrl database;

    @Override
    public Map<String, String> start() {
        PgUrl server = TestPostgres.server();
        String name =
                "hetumind_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        execute(server, "CREATE DATABASE " + name);
        database = server.withDatabase(name);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.user());
        config.put("quarkus.datasource.password", database.password() == null ? "" : database.password());
        config.put(
                "hetumind.test.db-url",
                "postgresql://" + database.user() + "@" + database.host() + ":" + database.port() + "/"
                        + database.database());
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            execute(TestPostgres.server(), "DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
        }
    }

    private static void execute(PgUrl url, String sql) {
        try (Connection c = TestPostgres.connect(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database " + url + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }
}
