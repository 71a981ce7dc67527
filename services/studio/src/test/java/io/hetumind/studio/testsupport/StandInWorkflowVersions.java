package io.hetumind.studio.testsupport;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.studio.workflow.WorkflowVersions;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * TEST-ONLY stand-in for the workflow area's {@link WorkflowVersions} until it is merged: reads the V1 tables
 * directly. A {@code @DefaultBean}, so the real implementation replaces it without a change here.
 */
@DefaultBean
@ApplicationScoped
public class StandInWorkflowVersions implements WorkflowVersions {
    private final DataSource db;

    public StandInWorkflowVersions(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<StoredWorkflow> find(UUID tenantId, UUID workflowId, int version) {
        return read(tenantId, workflowId, version);
    }

    @Override
    public Optional<StoredWorkflow> head(UUID tenantId, UUID workflowId) {
        return read(tenantId, workflowId, null);
    }

    private Optional<StoredWorkflow> read(UUID tenantId, UUID workflowId, Integer version) {
        String sql = "SELECT v.version, w.name, w.active, v.definition::text FROM workflow w JOIN workflow_version v"
                + " ON v.workflow_id = w.id AND v.version = " + (version == null ? "w.version" : "?")
                + " WHERE w.tenant_id = ? AND w.id = ?";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (version != null) {
                ps.setInt(i++, version);
            }
            ps.setObject(i++, tenantId);
            ps.setObject(i, workflowId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredWorkflow(
                        tenantId,
                        workflowId,
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getBoolean(3),
                        WorkflowFormat.readJson(rs.getString(4))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
