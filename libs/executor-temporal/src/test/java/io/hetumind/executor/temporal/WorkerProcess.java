package io.hetumind.executor.temporal;

import io.hetumind.core.engine.Engine;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Temporal worker running node tries in a process of its own (started by {@link WorkerKillTest}, killed with
 * SIGKILL): arguments are the service's {@code host:port}, the task queue, the shared store's directory and the
 * heartbeat timeout in ms. Prints {@code ready} once it polls.
 */
public final class WorkerProcess {

    private WorkerProcess() {}

    public static void main(String[] args) throws InterruptedException {
        TemporalOptions options = TemporalOptions.defaults()
                .withTaskQueue(args[1])
                .withHeartbeatTimeout(Duration.ofMillis(Long.parseLong(args[3])));
        WorkerFactory factory = start(args[0], options, new DirectoryRunDataStore(Path.of(args[2])), Role.NODES);
        System.out.println("ready");
        System.out.flush();
        factory.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS);
    }

    /** What a worker polls for: workflow tasks (the engine's machine) or activity tasks (node tries). */
    enum Role {
        MACHINE,
        NODES
    }

    /** A worker factory on {@code target} playing {@code role} with the harness's nodes, started. */
    static WorkerFactory start(String target, TemporalOptions options, RunDataStore store, Role role) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(service));
        PreparedCache prepared = new PreparedCache(
                Engine.builder().registry(TemporalHarness.REGISTRY).build());
        Worker worker = factory.newWorker(options.taskQueue());
        if (role == Role.MACHINE) {
            worker.registerWorkflowImplementationFactory(
                    ExecutionWorkflow.class, () -> new ExecutionWorkflowImpl(prepared, options));
        } else {
            worker.registerActivitiesImplementations(
                    new NodeActivitiesImpl(prepared, store, options, WorkerHooks.NONE));
        }
        factory.start();
        return factory;
    }
}
