package io.hetumind.executor.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.TestNodes;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeRegistry;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;

/** The Temporal test service (time skipping) with one worker running executions on an engine of test and real nodes. */
final class TemporalHarness implements AutoCloseable {

    static final NodeRegistry REGISTRY =
            NodeRegistry.load().with(TestNodes.registry().all());

    final TestWorkflowEnvironment env;
    final InMemoryRunDataStore store = new InMemoryRunDataStore();
    final Engine engine;
    final TemporalOptions options;
    final TemporalExecutor executor;

    TemporalHarness() {
        this(TemporalOptions.defaults());
    }

    TemporalHarness(TemporalOptions options) {
        this(options, true);
    }

    /** {@code withWorker} false: the test starts its own workers ({@link #startWorker}). */
    TemporalHarness(TemporalOptions options, boolean withWorker) {
        this(options, withWorker, true);
    }

    /** {@code timeSkipping} false: real time, for tests where a worker's silence must be noticed (heartbeats). */
    TemporalHarness(TemporalOptions options, boolean withWorker, boolean timeSkipping) {
        this(Engine.builder().registry(REGISTRY).build(), options, withWorker, timeSkipping);
    }

    /** Workers running nodes on {@code engine} (its workflow resolver: where sub-workflows by id come from). */
    TemporalHarness(Engine engine, TemporalOptions options, boolean withWorker, boolean timeSkipping) {
        this.engine = engine;
        this.env = TestWorkflowEnvironment.newInstance(io.temporal.testing.TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(timeSkipping)
                .build());
        this.options = options;
        if (withWorker) {
            Worker worker = env.newWorker(options.taskQueue());
            TemporalWorkers.register(worker, engine, store, options);
            env.start();
        }
        executor = new TemporalExecutor(env.getWorkflowClient(), store, options);
    }

    /** A worker process of its own (its own factory), sharing the store: stop it to kill what it runs. */
    WorkerFactory startWorker() {
        WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
        TemporalWorkers.register(factory.newWorker(options.taskQueue()), engine, store, options);
        factory.start();
        return factory;
    }

    /** Polls the execution until {@code done} holds (30 s at most). */
    ExecutionState awaitState(String executionId, java.util.function.Predicate<ExecutionState> done)
            throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            var s = executor.current(executionId);
            if (s.isPresent() && done.test(s.get())) {
                return s.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + executionId + " never reached the expected state");
    }

    ExecutionResult run(Workflow wf, RunRequest request) {
        executor.start(wf, request);
        return executor.await(request.executionId());
    }

    /** Run data without what differs between any two runs (times). */
    static JsonNode comparable(ExecutionResult r) {
        ObjectNode json = RunDataView.toJson(r.state());
        json.remove(List.of("startedAt", "stoppedAt"));
        for (JsonNode runs : json.path("runData")) {
            for (JsonNode run : runs) {
                ((ObjectNode) run).remove(List.of("startTime", "executionTime"));
            }
        }
        return json;
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    @Override
    public void close() {
        env.close();
    }
}
