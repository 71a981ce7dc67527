package io.hetumind.studio.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.ProcessedDataStore;
import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Function;

/**
 * The studio's {@link ProcessedDataStore}: table {@code processed_data}, one row per (tenant, workflow, context),
 * handed to each run for its tenant ({@link #forTenant}), so every read and write names the tenant and a run reaches
 * only its own tenant's values. An update is one transaction holding the row's lock ({@code SELECT … FOR UPDATE}, the
 * row made first if missing), so executions of the workflow on any replica take turns and never both take a value as
 * new. Rows go with their workflow (foreign key).
 */
@ApplicationScoped
public class ProcessedData {
    private final Jdbc db;

    public ProcessedData(Jdbc db) {
        this.db = db;
    }

    /** The store a run of {@code tenantId} is given. */
    public ProcessedDataStore forTenant(UUID tenantId) {
        return new ProcessedDataStore() {
            @Override
            public <R> R update(String workflowId, String context, Function<Slot, R> change) {
                return ProcessedData.this.update(tenantId, workflow(workflowId), context, change);
            }
        };
    }

    private <R> R update(UUID tenantId, UUID workflowId, String context, Function<ProcessedDataStore.Slot, R> change) {
        return db.tx(c -> {
            Jdbc.update(
                    c,
                    "INSERT INTO processed_data (tenant_id, workflow_id, context, value) VALUES (?, ?, ?, NULL)"
                            + " ON CONFLICT (tenant_id, workflow_id, context) DO NOTHING",
                    tenantId,
                    workflowId,
                    context);
            String kept = Jdbc.one(
                    c,
                    "SELECT value::text FROM processed_data WHERE tenant_id = ? AND workflow_id = ? AND context = ?"
                            + " FOR UPDATE",
                    rs -> rs.getString(1) == null ? "" : rs.getString(1),
                    tenantId,
                    workflowId,
                    context);
            JsonNode value = kept == null || kept.isEmpty() ? null : Json.parse(kept);
            ProcessedDataStore.SimpleSlot slot = new ProcessedDataStore.SimpleSlot(value);
            R result = change.apply(slot);
            JsonNode left = slot.changed() ? slot.value() : value;
            if (left == null) {
                Jdbc.update(
                        c,
                        "DELETE FROM processed_data WHERE tenant_id = ? AND workflow_id = ? AND context = ?",
                        tenantId,
                        workflowId,
                        context);
            } else if (slot.changed()) {
                Jdbc.update(
                        c,
                        "UPDATE processed_data SET value = ?::jsonb, updated_at = now()"
                                + " WHERE tenant_id = ? AND workflow_id = ? AND context = ?",
                        Json.write(left),
                        tenantId,
                        workflowId,
                        context);
            }
            return result;
        });
    }

    private static UUID workflow(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw NodeException.user("A deduplication history belongs to a saved workflow: '" + id + "' is none");
        }
    }
}
