package io.hetumind.executor.temporal;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.format.WorkflowFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled workflows by document text, shared by a worker's workflow and activity code: compiling is deterministic
 * but slow enough to trip Temporal's deadlock detector if done on every replay.
 */
final class PreparedCache {

    private static final int MAX = 256;

    private final Engine engine;
    private final Map<String, PreparedWorkflow> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedWorkflow> eldest) {
            return size() > MAX;
        }
    };

    PreparedCache(Engine engine) {
        this.engine = engine;
    }

    Engine engine() {
        return engine;
    }

    synchronized PreparedWorkflow get(String workflowJson) {
        PreparedWorkflow wf = cache.get(workflowJson);
        if (wf == null) {
            wf = engine.prepare(WorkflowFormat.readJson(workflowJson));
            cache.put(workflowJson, wf);
        }
        return wf;
    }
}
