package io.hetumind.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Gives each test class a clean schema: empties every table of a schema, except the ones named (seed data). */
public final class Schemas {
    private Schemas() {}

    /**
     * A digest of every row of every table in {@code schema} but {@code exclude}: equal before and after a request
     * proves the request changed no row.
     */
    public static java.util.Map<String, String> fingerprint(String schema, String... exclude) {
        Set<String> skipped = Set.of(exclude);
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = '" + schema.replace("'", "") + "'")) {
                while (rs.next()) {
                    if (!skipped.contains(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|'"
                        + " ORDER BY t::text), '')) FROM " + schema + "." + t + " t")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not fingerprint schema " + schema + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether any row of any table in {@code schema} holds {@code needle}: secrets must never be found. */
    public static boolean contains(String schema, String needle) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = '" + schema.replace("'", "") + "'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (var ps = c.prepareStatement(
                        "SELECT count(*) FROM " + schema + "." + t + " t WHERE strpos(t::text, ?) > 0")) {
                    ps.setString(1, needle);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("could not search schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Empties every table in {@code schema} of the running test app's database but {@code keep}. */
    public static void clean(String schema, String... keep) {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getValue("quarkus.datasource.username", String.class);
        String password = config.getOptionalValue("quarkus.datasource.password", String.class)
                .orElse("");
        Set<String> kept = Set.of(keep);
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = '" + schema.replace("'", "") + "'")) {
                while (rs.next()) {
                    String t = rs.getString(1);
                    if (!kept.contains(t) && !t.equals("flyway_schema_history")) {
                        tables.add(schema + "." + t);
                    }
                }
            }
            // DELETE with foreign-key triggers off, not TRUNCATE … CASCADE, which would also empty kept tables
            // that reference emptied ones (seeded rows like built-in roles must survive).
            s.execute("SET session_replication_role = replica");
            for (String t : tables) {
                s.execute("DELETE FROM " + t);
            }
            s.execute("SET session_replication_role = DEFAULT");
        } catch (SQLException e) {
            throw new IllegalStateException("could not clean schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getValue("quarkus.datasource.username", String.class);
        String password = config.getOptionalValue("quarkus.datasource.password", String.class)
                .orElse("");
        return DriverManager.getConnection(url, user, password);
    }
}
