package io.hetumind.studio.execution;

import io.hetumind.core.spi.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test data for the execution area: workflows saved straight into V1's tables, the tenant of a token. */
final class Fixtures {
    private Fixtures() {}

    static final String HELLO =
            """
            {"name": "Hello", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "g", "name": "Greet", "type": "hetumind.set", "typeVersion": 3.4, "position": [200, 0],
               "parameters": {"mode": "manual", "includeOtherFields": true, "assignments": {"assignments": [
                 {"id": "a1", "name": "greeting", "value": "={{ 'Hello, ' + ($json.name || 'world') }}", "type": "string"}]}, "options": {}}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Greet", "type": "main", "index": 0}]]}}}
            """;

    static final String FAILS =
            """
            {"name": "Fails", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "a", "name": "Prepare", "type": "hetumind.code", "typeVersion": 2, "position": [200, 0],
               "parameters": {"jsCode": "return [{json: {n: 7}}, {json: {n: 8}}];"}},
              {"id": "f", "name": "Explode", "type": "hetumind.code", "typeVersion": 2, "position": [400, 0],
               "parameters": {"jsCode": "throw new Error('boom at ' + $input.all().length);"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Prepare", "type": "main", "index": 0}]]},
                             "Prepare": {"main": [[{"node": "Explode", "type": "main", "index": 0}]]}}}
            """;

    static final String WAITS =
            """
            {"name": "Waits", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "w", "name": "Wait", "type": "hetumind.wait", "typeVersion": 1.1, "position": [200, 0],
               "parameters": {"resume": "timeInterval", "amount": 1, "unit": "hours"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Wait", "type": "main", "index": 0}]]}}}
            """;

    /** The tenant claim of an access token. */
    static UUID tenantOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return UUID.fromString(Json.parse(payload).path("tenant").asText());
    }

    /** Saves {@code json} as version 1 of a new workflow of {@code tenantId}. */
    static UUID saveWorkflow(UUID tenantId, String json) {
        UUID id = UUID.randomUUID();
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO studio.workflow (id, tenant_id, name, version,"
                    + " created_at, updated_at) VALUES (?, ?, ?, 1, now(), now())")) {
                ps.setObject(1, id);
                ps.setObject(2, tenantId);
                ps.setString(3, Json.parse(json).path("name").asText());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO studio.workflow_version (workflow_id, version,"
                    + " tenant_id, definition, source, created_at) VALUES (?, 1, ?, ?::jsonb, 'hetumind', now())")) {
                ps.setObject(1, id);
                ps.setObject(2, tenantId);
                ps.setString(3, json);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    static void sql(String sql, Object... args) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static long count(String sql, Object... args) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
