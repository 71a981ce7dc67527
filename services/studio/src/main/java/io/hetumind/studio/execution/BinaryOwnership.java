package io.hetumind.studio.execution;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Binary references given by a client (items of {@code POST …/execute}, a workflow's pinned data) may only point at
 * files the tenant's own executions stored: a reference names a namespace and a file, and without this check a
 * tenant that learned another's ids could have its run read (and its launch copy) the other's files. A reference the
 * studio's store could open ({@code <namespace>/<file>}) whose namespace is not an execution of this tenant is a 400
 * naming it. Ids the store cannot open (none, or n8n's {@code filesystem-v2:…} in an imported workflow's pinned data)
 * reach no file and are left alone: the node that reads one says so.
 */
@ApplicationScoped
public class BinaryOwnership {
    private final Jdbc db;

    public BinaryOwnership(Jdbc db) {
        this.db = db;
    }

    /** Refuses the first binary reference of {@code items} (at {@code path}[i]) that is not the tenant's. */
    public void requireHeld(UUID tenantId, List<Item> items, String path) {
        if (items == null || items.stream().allMatch(i -> i.binary().isEmpty())) {
            return;
        }
        Map<UUID, Boolean> known = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            for (Map.Entry<String, BinaryRef> e : items.get(i).binary().entrySet()) {
                String field = path + "[" + i + "].binary." + e.getKey();
                String[] parts = e.getValue().id() == null
                        ? new String[0]
                        : e.getValue().id().split("/", -1);
                if (parts.length != 2
                        || !BinaryRef.ID_PART.matcher(parts[0]).matches()
                        || !BinaryRef.ID_PART.matcher(parts[1]).matches()) {
                    continue;
                }
                Optional<UUID> execution = ExecutionNamespace.of(parts[0]);
                if (execution.isEmpty() || !known.computeIfAbsent(execution.get(), id -> recorded(tenantId, id))) {
                    throw ProblemException.invalid(
                            field, "refers to binary data that no execution of this tenant holds");
                }
            }
        }
    }

    /** {@link #requireHeld(UUID, List, String)} for pinned data, per node. */
    public void requireHeld(UUID tenantId, Map<String, List<Item>> byNode, String path) {
        byNode.forEach((node, items) -> requireHeld(tenantId, items, path + "." + node));
    }

    private boolean recorded(UUID tenantId, UUID execution) {
        try {
            return db.read(c -> Jdbc.one(
                            c,
                            "SELECT 1 FROM execution WHERE id = ? AND created_at = ? AND tenant_id = ?",
                            rs -> Boolean.TRUE,
                            execution,
                            Timestamp.from(ExecutionRecords.createdAt(execution)),
                            tenantId))
                    != null;
        } catch (SQLException e) {
            throw new IllegalStateException("checking binary references failed: " + e.getMessage(), e);
        }
    }
}
