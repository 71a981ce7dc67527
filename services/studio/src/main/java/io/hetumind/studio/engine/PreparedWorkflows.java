package io.hetumind.studio.engine;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.model.Workflow;
import io.hetumind.studio.workflow.StoredWorkflow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Validated, compiled workflow versions, cached per (workflow, version): versions never change once saved, so an entry
 * is never stale, and a hot workflow is validated and its expressions compiled once per process.
 */
@ApplicationScoped
public class PreparedWorkflows {
    private final Engine engine;
    private final Map<Key, PreparedWorkflow> cache;

    public PreparedWorkflows(Engine engine, EngineConfig config) {
        this.engine = engine;
        int max = config.preparedCacheSize();
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, PreparedWorkflow> eldest) {
                return size() > max;
            }
        };
    }

    /** The engine the workflows are prepared for. */
    public Engine engine() {
        return engine;
    }

    /** The prepared form of {@code stored}; throws {@code WorkflowInvalidException} when it does not validate. */
    public PreparedWorkflow get(StoredWorkflow stored) {
        Key key = new Key(stored.tenantId(), stored.workflowId(), stored.version());
        synchronized (cache) {
            PreparedWorkflow hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Workflow w = stored.workflow();
        PreparedWorkflow prepared = engine.prepare(new Workflow(
                stored.workflowId().toString(),
                w.name(),
                stored.version(),
                w.nodes(),
                w.connections(),
                w.settings(),
                w.pinData()));
        synchronized (cache) {
            cache.put(key, prepared);
        }
        return prepared;
    }

    private record Key(UUID tenantId, UUID workflowId, int version) {}
}
