package io.hetumind.executor.temporal;

import io.hetumind.core.engine.Engine;
import io.temporal.worker.Worker;

/** Registers the execution workflow and the node activities on a Temporal worker. */
public final class TemporalWorkers {

    private TemporalWorkers() {}

    /**
     * Makes {@code worker} run executions with {@code engine}'s nodes, keeping item data in {@code store} (which every
     * worker and the starting host must share).
     */
    public static void register(Worker worker, Engine engine, RunDataStore store, TemporalOptions options) {
        register(worker, engine, store, options, WorkerHooks.NONE);
    }

    /** As above, each node try also running with the services {@code hooks} add and reporting to it. */
    public static void register(
            Worker worker, Engine engine, RunDataStore store, TemporalOptions options, WorkerHooks hooks) {
        PreparedCache prepared = new PreparedCache(engine);
        worker.registerWorkflowImplementationFactory(
                ExecutionWorkflow.class, () -> new ExecutionWorkflowImpl(prepared, options));
        worker.registerActivitiesImplementations(new NodeActivitiesImpl(prepared, store, options, hooks));
    }
}
