package io.hetumind.studio.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.ExecutionCustomData;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The studio's {@link ExecutionCustomData}: column {@code execution.custom_data} (json, in the order keys were set),
 * handed to each run for its tenant ({@link #forTenant}), so a run writes only its own tenant's executions. A write
 * is one transaction holding the row's lock, so two nodes of a run (or a resumed run on another worker) never lose
 * each other's keys.
 */
@ApplicationScoped
public class CustomData {
    private final Jdbc db;

    public CustomData(Jdbc db) {
        this.db = db;
    }

    /** The store a run of {@code tenantId} is given. */
    public ExecutionCustomData forTenant(UUID tenantId) {
        return new ExecutionCustomData() {
            @Override
            public Map<String, String> getAll(String executionId) {
                UUID id = execution(executionId);
                String kept;
                try {
                    kept = db.read(c -> Jdbc.one(
                            c,
                            "SELECT custom_data::text FROM execution WHERE id = ? AND created_at = ? AND tenant_id = ?",
                            rs -> rs.getString(1) == null ? "" : rs.getString(1),
                            id,
                            Timestamp.from(ExecutionRecords.createdAt(id)),
                            tenantId));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("reading execution " + id + "'s custom data failed", e);
                }
                return Collections.unmodifiableMap(parse(kept));
            }

            @Override
            public void put(String executionId, String key, String value) {
                UUID id = execution(executionId);
                Timestamp created = Timestamp.from(ExecutionRecords.createdAt(id));
                db.tx(c -> {
                    String kept = Jdbc.one(
                            c,
                            "SELECT custom_data::text FROM execution WHERE id = ? AND created_at = ? AND tenant_id = ?"
                                    + " FOR UPDATE",
                            rs -> rs.getString(1) == null ? "" : rs.getString(1),
                            id,
                            created,
                            tenantId);
                    if (kept == null) {
                        throw NodeException.user("execution " + executionId + " has no record to keep data with");
                    }
                    Map<String, String> values = parse(kept);
                    values.put(key, value);
                    var json = Json.object();
                    values.forEach(json::put);
                    return Jdbc.update(
                            c,
                            "UPDATE execution SET custom_data = ?::json WHERE id = ? AND created_at = ? AND tenant_id = ?",
                            Json.write(json),
                            id,
                            created,
                            tenantId);
                });
            }
        };
    }

    /** Stored custom data (json text, or "" for none) as an ordered map. */
    public static Map<String, String> parse(String kept) {
        Map<String, String> values = new LinkedHashMap<>();
        if (kept != null && !kept.isEmpty()) {
            JsonNode stored = Json.parse(kept);
            stored.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        }
        return values;
    }

    private static UUID execution(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw NodeException.user("custom data belongs to a stored execution: '" + id + "' is none");
        }
    }
}
