package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL for tests: the server named by {@code HETUMIND_TEST_PG_URL}
 * (postgresql://user[:password]@host:port/db), else an embedded one started once per JVM.
 * Each test class gets its own fresh schema.
 */
final class TestPostgres {

    private static ObjectNode server;

    private TestPostgres() {}

    static synchronized ObjectNode credential() throws Exception {
        if (server == null) {
            String url = System.getenv("HETUMIND_TEST_PG_URL");
            if (url != null && !url.isBlank()) {
                URI u = URI.create(url.strip());
                String[] userInfo = u.getUserInfo() == null
                        ? new String[] {"postgres"}
                        : u.getUserInfo().split(":", 2);
                server = Json.object()
                        .put("host", u.getHost())
                        .put("port", u.getPort() < 0 ? 5432 : u.getPort())
                        .put(
                                "database",
                                u.getPath() == null || u.getPath().length() <= 1
                                        ? "postgres"
                                        : u.getPath().substring(1))
                        .put("user", userInfo[0])
                        .put("password", userInfo.length > 1 ? userInfo[1] : "")
                        .put("ssl", "disable");
            } else {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                    try {
                        pg.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }));
                server = Json.object()
                        .put("host", "127.0.0.1")
                        .put("port", pg.getPort())
                        .put("database", "postgres")
                        .put("user", "postgres")
                        .put("password", "")
                        .put("ssl", "disable");
            }
        }
        return server.deepCopy();
    }

    static Connection connect() throws Exception {
        ObjectNode c = credential();
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", c.get("user").asText());
        if (!c.get("password").asText().isEmpty()) {
            p.setProperty("password", c.get("password").asText());
        }
        return DriverManager.getConnection(
                "jdbc:postgresql://" + c.get("host").asText() + ":"
                        + c.get("port").asInt() + "/" + c.get("database").asText(),
                p);
    }

    /** Creates a fresh schema and returns its name. */
    static String freshSchema(String prefix) throws Exception {
        String name =
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        exec("CREATE SCHEMA " + name);
        return name;
    }

    static void exec(String sql) throws Exception {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long count(String sql) throws SQLException, Exception {
        try (Connection c = connect();
                Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
