package io.hetumind.studio.engine;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.model.WorkflowSlice;
import io.hetumind.studio.execution.ExecutionsConfig;
import io.hetumind.studio.workflow.StoredWorkflow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Validated, compiled workflow versions, cached per (workflow, version): versions never change once saved, so an entry
 * is never stale (until a node plugin reload: {@link #forgetAll}), and a hot workflow is validated and its expressions
 * compiled once per process.
 */
@ApplicationScoped
public class PreparedWorkflows {
    private final Engine engine;
    private final Map<Key, PreparedWorkflow> cache;
    private final ExecutionsConfig executions;

    public PreparedWorkflows(Engine engine, EngineConfig config, ExecutionsConfig executions) {
        this.engine = engine;
        this.executions = executions;
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
        return get(stored, null);
    }

    /**
     * The prepared form of the part of {@code stored} a run up to {@code destination} needs ({@link WorkflowSlice}), or
     * of all of it when {@code destination} is null.
     */
    public PreparedWorkflow get(StoredWorkflow stored, String destination) {
        Key key = new Key(stored.tenantId(), stored.workflowId(), stored.version(), destination);
        synchronized (cache) {
            PreparedWorkflow hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Workflow w = destination == null ? stored.workflow() : WorkflowSlice.upTo(stored.workflow(), destination);
        PreparedWorkflow prepared = engine.prepare(new Workflow(
                stored.workflowId().toString(),
                w.name(),
                stored.version(),
                w.nodes(),
                w.connections(),
                withTimeout(w.settings()),
                w.pinData()));
        synchronized (cache) {
            cache.put(key, prepared);
        }
        return prepared;
    }

    /** Drops every prepared workflow, after a plugin reload changed the node types they would be prepared with. */
    public void forgetAll() {
        synchronized (cache) {
            cache.clear();
        }
    }

    /**
     * The timeout the engine enforces (n8n's rule): the workflow's {@code executionTimeout}, else the studio's default
     * ({@code hetumind.studio.executions.timeout}); -1 in the workflow means none; either is cut to {@code max-timeout}.
     */
    public WorkflowSettings withTimeout(WorkflowSettings s) {
        long ms = s.timeoutMs();
        if (ms == 0 && executions.timeout() > 0) {
            ms = executions.timeout() * 1000;
        }
        if (ms > 0 && executions.maxTimeout() > 0) {
            ms = Math.min(ms, executions.maxTimeout() * 1000);
        }
        return ms == s.timeoutMs() ? s : s.withTimeoutMs(ms);
    }

    private record Key(UUID tenantId, UUID workflowId, int version, String destination) {}
}
