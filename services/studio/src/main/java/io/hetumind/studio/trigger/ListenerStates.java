package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What listening trigger nodes saved ({@code ListenContext.saveState}: n8n's node static data), in table {@code
 * listener_state}, one row per (tenant, workflow, node); every read and write names the tenant. Rows go with their
 * workflow (foreign key), not with a deactivation, as n8n keeps static data across them.
 */
@ApplicationScoped
public class ListenerStates {
    private final DataSource db;

    public ListenerStates(DataSource db) {
        this.db = db;
    }

    /** The saved state, empty when none was saved. */
    public Optional<ObjectNode> load(UUID tenantId, UUID workflowId, String node) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state::text FROM listener_state"
                        + " WHERE tenant_id = ? AND workflow_id = ? AND node_name = ?")) {
            ps.setObject(1, tenantId);
            ps.setObject(2, workflowId);
            ps.setString(3, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && Json.parse(rs.getString(1)) instanceof ObjectNode o
                        ? Optional.of(o)
                        : Optional.empty();
            }
        }
    }

    /** Replaces the saved state. */
    public void save(UUID tenantId, UUID workflowId, String node, ObjectNode state) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO listener_state (tenant_id, workflow_id,"
                        + " node_name, state) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (tenant_id, workflow_id, node_name)"
                        + " DO UPDATE SET state = excluded.state, updated_at = now()")) {
            ps.setObject(1, tenantId);
            ps.setObject(2, workflowId);
            ps.setString(3, node);
            ps.setString(4, state.toString());
            ps.executeUpdate();
        }
    }
}
