package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.spi.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The designer's listen registrations ({@code webhook_test}); the database decides which request captures one. */
@ApplicationScoped
public class TestWebhookStore {
    private final DataSource db;
    private final TriggerStore triggers;

    public TestWebhookStore(DataSource db, TriggerStore triggers) {
        this.db = db;
        this.triggers = triggers;
    }

    /** A registration as its owner sees it. */
    public record Registration(
            UUID id,
            UUID tenantId,
            UUID workflowId,
            int workflowVersion,
            ArrayNode nodes,
            Instant expiresAt,
            Instant capturedAt,
            String executionId) {}

    void insert(Registration r, UUID createdBy) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_test (id, tenant_id, workflow_id,"
                        + " workflow_version, nodes, created_by, expires_at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            ps.setObject(1, r.id());
            ps.setObject(2, r.tenantId());
            ps.setObject(3, r.workflowId());
            ps.setInt(4, r.workflowVersion());
            ps.setString(5, Json.write(r.nodes()));
            ps.setObject(6, createdBy);
            ps.setTimestamp(7, Timestamp.from(r.expiresAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the workflow's waiting registrations (a new one replaces them). */
    void deleteWaiting(UUID tenantId, UUID workflowId) {
        update(
                "DELETE FROM webhook_test WHERE tenant_id = ? AND workflow_id = ? AND captured_at IS NULL",
                tenantId,
                workflowId);
    }

    boolean delete(UUID tenantId, UUID id) {
        return update("DELETE FROM webhook_test WHERE tenant_id = ? AND id = ?", tenantId, id) > 0;
    }

    /** Deletes registrations that expired (or were captured) more than {@code keep} ago; returns their workflows. */
    List<UUID> purge(java.time.Duration keep) {
        List<UUID> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM webhook_test WHERE expires_at < ?" + " RETURNING workflow_id")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(keep)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Marks the registration captured by this request; false if another request (or expiry) came first. */
    boolean capture(UUID id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE webhook_test SET captured_at = now()"
                        + " WHERE id = ? AND captured_at IS NULL AND expires_at > now()")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void recordExecution(UUID id, String executionId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE webhook_test SET execution_id = ? WHERE id = ?")) {
            ps.setString(1, executionId);
            ps.setObject(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<Registration> find(UUID tenantId, UUID id) {
        List<Registration> list = select("tenant_id = ? AND id = ?", tenantId, id);
        return list.stream().findFirst();
    }

    /** Waiting registrations of the tenant's other workflows. */
    List<Registration> waitingOthers(UUID workflowId) {
        return select("workflow_id <> ? AND captured_at IS NULL AND expires_at > now()", workflowId);
    }

    /** Endpoints of waiting registrations: all ({@code workflowId} null) or one workflow's. */
    List<WebhookEndpoint> live(UUID workflowId) {
        List<Registration> regs = workflowId == null
                ? select("captured_at IS NULL AND expires_at > now()")
                : select("workflow_id = ? AND captured_at IS NULL AND expires_at > now()", workflowId);
        List<WebhookEndpoint> out = new ArrayList<>();
        for (Registration r : regs) {
            for (JsonNode n : r.nodes()) {
                out.add(triggers.endpoint(
                        r.tenantId(),
                        r.workflowId(),
                        r.workflowVersion(),
                        n.path("method").asText(),
                        NodeCodec.read(Json.write(n.path("node"))),
                        r.id()));
            }
        }
        return out;
    }

    private List<Registration> select(String where, Object... args) {
        List<Registration> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, tenant_id, workflow_id, workflow_version,"
                        + " nodes::text, expires_at, captured_at, execution_id FROM webhook_test WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp captured = rs.getTimestamp(7);
                    out.add(new Registration(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class),
                            rs.getInt(4),
                            (ArrayNode) Json.parse(rs.getString(5)),
                            rs.getTimestamp(6).toInstant(),
                            captured == null ? null : captured.toInstant(),
                            rs.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
