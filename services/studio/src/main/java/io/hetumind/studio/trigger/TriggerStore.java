package io.hetumind.studio.trigger;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.core.spi.trigger.WebhookTrigger;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain SQL over the trigger tables of {@code V4__triggers.sql}; every write names the tenant. */
@ApplicationScoped
public class TriggerStore {
    /** Announces a change of a workflow's triggers; the payload is {@code webhook|test|schedule <workflow id>}. */
    public static final String CHANNEL = "hetumind_triggers";

    private final DataSource db;
    private final NodeRegistry registry;

    public TriggerStore(DataSource db, NodeRegistry registry) {
        this.db = db;
        this.registry = registry;
    }

    /** A production webhook someone else holds. */
    record Holder(String method, String path, UUID tenantId, UUID workflowId) {}

    List<Holder> holders(UUID workflowId, List<String[]> methodKeys) {
        List<Holder> out = new ArrayList<>();
        String sql = "SELECT method, path, tenant_id, workflow_id FROM webhook"
                + " WHERE method = ? AND path_key = ? AND workflow_id <> ?";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (String[] mk : methodKeys) {
                ps.setString(1, mk[0]);
                ps.setString(2, mk[1]);
                ps.setObject(3, workflowId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Holder(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getObject(3, UUID.class),
                                rs.getObject(4, UUID.class)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Removes a workflow's production webhooks, schedules and listeners; true if it had any. */
    boolean delete(UUID tenantId, UUID workflowId) {
        try (Connection c = db.getConnection();
                PreparedStatement w =
                        c.prepareStatement("DELETE FROM webhook WHERE tenant_id = ? AND workflow_id = ?");
                PreparedStatement s =
                        c.prepareStatement("DELETE FROM schedule WHERE tenant_id = ? AND workflow_id = ?");
                PreparedStatement l =
                        c.prepareStatement("DELETE FROM listener WHERE tenant_id = ? AND workflow_id = ?")) {
            w.setObject(1, tenantId);
            w.setObject(2, workflowId);
            s.setObject(1, tenantId);
            s.setObject(2, workflowId);
            l.setObject(1, tenantId);
            l.setObject(2, workflowId);
            return w.executeUpdate() + s.executeUpdate() + l.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void insertWebhook(WebhookEndpoint e, String nodeJson) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO webhook (method, path_key, path, tenant_id,"
                        + " workflow_id, workflow_version, node) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setString(1, e.method());
            ps.setString(2, e.path().key());
            ps.setString(3, e.path().path());
            ps.setObject(4, e.tenantId());
            ps.setObject(5, e.workflowId());
            ps.setInt(6, e.workflowVersion());
            ps.setString(7, nodeJson);
            ps.executeUpdate();
        }
    }

    /** A listening trigger of an active workflow, as stored. */
    public record Listener(
            UUID tenantId,
            UUID workflowId,
            String nodeName,
            int workflowVersion,
            String node,
            UUID runAs,
            String zone) {}

    void insertListener(
            UUID tenantId, UUID workflowId, int version, String nodeName, String nodeJson, UUID runAs, String zone) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO listener (tenant_id, workflow_id, node_name,"
                        + " workflow_version, node, run_as, timezone) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            ps.setObject(1, tenantId);
            ps.setObject(2, workflowId);
            ps.setString(3, nodeName);
            ps.setInt(4, version);
            ps.setString(5, nodeJson);
            ps.setObject(6, runAs);
            ps.setString(7, zone);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every listening trigger of every active workflow. */
    List<Listener> listeners() {
        List<Listener> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT tenant_id, workflow_id, node_name, workflow_version,"
                        + " node::text, run_as, timezone FROM listener");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Listener(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getObject(6, UUID.class),
                        rs.getString(7)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    void insertSchedule(UUID tenantId, UUID workflowId, int version, String nodeJson, String zone, Instant next) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO schedule (id, tenant_id, workflow_id,"
                        + " workflow_version, node, timezone, next_fire_at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            ps.setObject(1, io.hetumind.platform.id.Ids.next());
            ps.setObject(2, tenantId);
            ps.setObject(3, workflowId);
            ps.setInt(4, version);
            ps.setString(5, nodeJson);
            ps.setString(6, zone);
            ps.setTimestamp(7, Timestamp.from(next));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code kind workflowId} on {@value #CHANNEL}; inside a transaction it is delivered at commit. */
    void announce(String kind, UUID workflowId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, kind + " " + workflowId);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Production webhooks: all of them ({@code workflowId} null) or one workflow's. */
    List<WebhookEndpoint> webhooks(UUID workflowId) {
        String sql = "SELECT method, path, tenant_id, workflow_id, workflow_version, node::text FROM webhook"
                + (workflowId == null ? "" : " WHERE workflow_id = ?");
        List<WebhookEndpoint> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (workflowId != null) {
                ps.setObject(1, workflowId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(endpoint(
                            rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class),
                            rs.getInt(5),
                            rs.getString(1),
                            NodeCodec.read(rs.getString(6)),
                            null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The endpoint of {@code node} for {@code method}; the node's settings are read once, here. */
    WebhookEndpoint endpoint(UUID tenantId, UUID workflowId, int version, String method, Node node, UUID testId) {
        WebhookTrigger type = (WebhookTrigger) registry.find(node.type()).orElseThrow();
        WebhookSpec spec = type.spec(new TriggerParams(node));
        return new WebhookEndpoint(
                tenantId,
                workflowId,
                version,
                method,
                WebhookPath.of(spec.path()),
                node,
                spec,
                WebhookEndpoint.Options.of(node),
                testId);
    }
}
