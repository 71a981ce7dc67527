package io.hetumind.studio.workflow;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saved versions from PostgreSQL. A version never changes once saved, so its parsed workflow is kept in memory (up to
 * {@value #CACHED} versions) and a worker starting its thousandth run of it does not parse it again; the tenant is
 * checked on every lookup, cached or not. The {@code active} flag of a cached {@link #find} is as of its first load.
 */
@ApplicationScoped
public class JdbcWorkflowVersions implements WorkflowVersions {
    static final int CACHED = 4096;

    private record Key(UUID workflowId, int version) {}

    private final Jdbc db;
    private final WorkflowRepository repo;
    private final Map<Key, StoredWorkflow> cache = new ConcurrentHashMap<>();

    public JdbcWorkflowVersions(Jdbc db, WorkflowRepository repo) {
        this.db = db;
        this.repo = repo;
    }

    @Override
    public Optional<StoredWorkflow> find(UUID tenantId, UUID workflowId, int version) {
        StoredWorkflow hit = cache.get(new Key(workflowId, version));
        if (hit != null) {
            return hit.tenantId().equals(tenantId) ? Optional.of(hit) : Optional.empty();
        }
        return Optional.ofNullable(db.tx(c -> {
            WorkflowRepository.Head head = repo.head(c, tenantId, workflowId, false);
            if (head == null) {
                return null;
            }
            WorkflowRepository.Version v = repo.version(c, tenantId, workflowId, version);
            return v == null ? null : remember(head, v);
        }));
    }

    @Override
    public Optional<StoredWorkflow> head(UUID tenantId, UUID workflowId) {
        return Optional.ofNullable(db.tx(c -> {
            WorkflowRepository.Head head = repo.head(c, tenantId, workflowId, false);
            if (head == null) {
                return null;
            }
            StoredWorkflow cached = cache.get(new Key(workflowId, head.version()));
            if (cached != null) {
                return new StoredWorkflow(
                        tenantId,
                        workflowId,
                        head.version(),
                        head.name(),
                        head.active(),
                        cached.workflow(),
                        head.createdBy());
            }
            return remember(head, repo.version(c, tenantId, workflowId, head.version()));
        }));
    }

    private StoredWorkflow remember(WorkflowRepository.Head head, WorkflowRepository.Version v) {
        Workflow wf = WorkflowFormat.readJson(v.definition());
        StoredWorkflow stored = new StoredWorkflow(
                head.tenantId(), head.id(), v.version(), head.name(), head.active(), wf, head.createdBy());
        if (cache.size() >= CACHED) {
            cache.clear(); // crude but bounded; versions are re-read on demand
        }
        cache.put(new Key(head.id(), v.version()), stored);
        return stored;
    }

    /** Forgets a deleted workflow's versions. */
    void forget(UUID workflowId) {
        cache.keySet().removeIf(k -> k.workflowId().equals(workflowId));
    }
}
