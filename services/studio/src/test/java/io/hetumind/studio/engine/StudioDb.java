package io.hetumind.studio.engine;

import io.hetumind.platform.config.PgUrl;
import io.hetumind.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database with the studio's migrations applied, for plain JUnit tests of the execution area. */
public final class StudioDb implements AutoCloseable {
    public final PgUrl url;
    public final DataSource ds;

    public StudioDb() {
        PgUrl server = TestPostgres.server();
        String name =
                "hetumind_exec_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        execute(server, "CREATE DATABASE " + name);
        url = server.withDatabase(name);
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url.jdbcUrl());
        pg.setUser(url.user());
        if (url.password() != null) {
            pg.setPassword(url.password());
        }
        pg.setCurrentSchema("studio");
        ds = pg;
        Flyway.configure()
                .dataSource(ds)
                .schemas("studio")
                .defaultSchema("studio")
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @Override
    public void close() {
        execute(TestPostgres.server(), "DROP DATABASE IF EXISTS " + url.database() + " WITH (FORCE)");
    }

    private static void execute(PgUrl url, String sql) {
        try (Connection c = TestPostgres.connect(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
