package io.hetumind.studio.execution;

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
 * Reads saved workflow versions straight from {@code workflow}/{@code workflow_version} (V1), scoped to the tenant.
 * A default bean: the workflow area's own {@link WorkflowVersions} replaces it when present.
 */
@DefaultBean
@ApplicationScoped
public class JdbcWorkflowVersions implements WorkflowVersions {
    private static final String SELECT = "SELECT w.name, w.active, v.version, v.definition::text"
            + " FROM workflow w JOIN workflow_version v ON v.workflow_id = w.id AND v.tenant_id = w.tenant_id"
            + " WHERE w.tenant_id = ? AND w.id = ? AND v.version = ";
    private final DataSource ds;

    public JdbcWorkflowVersions(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<StoredWorkflow> find(UUID tenantId, UUID workflowId, int version) {
        return query(tenantId, workflowId, SELECT + "?", version);
    }

    @Override
    public Optional<StoredWorkflow> head(UUID tenantId, UUID workflowId) {
        return query(tenantId, workflowId, SELECT + "w.version", null);
    }

    private Optional<StoredWorkflow> query(UUID tenantId, UUID workflowId, String sql, Integer version) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, tenantId);
            ps.setObject(2, workflowId);
            if (version != null) {
                ps.setInt(3, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredWorkflow(
                        tenantId,
                        workflowId,
                        rs.getInt(3),
                        rs.getString(1),
                        rs.getBoolean(2),
                        WorkflowFormat.readJson(rs.getString(4))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read workflow " + workflowId + ": " + e.getMessage(), e);
        }
    }
}
