package io.hetumind.executor.temporal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.Task;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs node tries for execution workflows: rebuilds the run data the node reads from the {@link RunDataStore}, runs
 * the node with the engine's policies on a virtual thread while heartbeating, writes the run to the store and returns
 * only counts and timings. A try the node's retry policy repeats is a failed activity attempt, so Temporal's retry
 * (with the node's delay) runs it again; a worker stopped mid-try fails the attempt the same way.
 */
public final class NodeActivitiesImpl implements NodeActivities {

    /** The failure type of a try to be repeated; Temporal retries it. */
    static final String TRY_FAILED = "HetumindNodeTryFailed";

    static final String WORKER_STOPPED = "HetumindWorkerStopped";

    private final PreparedCache prepared;
    private final RunDataStore store;
    private final TemporalOptions options;
    private final WorkerHooks hooks;

    NodeActivitiesImpl(PreparedCache prepared, RunDataStore store, TemporalOptions options, WorkerHooks hooks) {
        this.prepared = prepared;
        this.store = store;
        this.options = options;
        this.hooks = hooks;
    }

    @Override
    public StepOutcome runNode(StepInput in) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        int attempt = ctx.getInfo().getAttempt();
        ExecutionInput input = store.input(in.executionId())
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "execution " + in.executionId() + " is not in the run-data store", "HetumindMissingRunData"));
        PreparedWorkflow wf = prepared.get(input.workflowJson());
        ExecutionState view = view(in, input, wf);
        Task task = new Task(in.taskId(), in.node(), in.inputs(), attempt, 0);
        // a Respond to Webhook answer goes to the store, for the host holding the request, whichever worker runs it
        java.util.concurrent.atomic.AtomicBoolean responded = new java.util.concurrent.atomic.AtomicBoolean();
        RunRequest request = hooks.request(input, input.toRequest())
                .withService(WebhookResponder.class, (id, response) -> {
                    store.putResponse(in.executionId(), response);
                    responded.set(true);
                });
        TemporalChildRunner[] children = new TemporalChildRunner[1];
        HostedSteps.Step step = HostedSteps.step(
                prepared.engine(),
                wf,
                view,
                task,
                request,
                nativeRunner -> {
                    children[0] = new TemporalChildRunner(
                            nativeRunner,
                            prepared,
                            store,
                            input,
                            request,
                            in.taskId(),
                            in.children(),
                            ctx.getInfo().getActivityId(),
                            ctx.getInfo().getScheduledTimestamp());
                    return children[0];
                },
                sub -> {
                    if (sub.kind() == io.hetumind.core.engine.RunEvent.Kind.SUB_NODE_STARTED) {
                        hooks.subNodeStarted(input, sub.node(), sub.at());
                    } else {
                        hooks.subNodeEnded(input, sub.node(), sub.error() == null ? "success" : "error", sub.at());
                    }
                });
        if (in.children() == null || in.children().isEmpty()) {
            hooks.nodeStarted(input, in.node(), System.currentTimeMillis());
        }
        CompletableFuture<ExecutionEvent> result = new CompletableFuture<>();
        Thread runner = Thread.ofVirtual()
                .name("hetumind-temporal-" + in.node())
                .start(() -> {
                    try {
                        children[0].own(Thread.currentThread());
                        result.complete(step.run());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                });
        ExecutionEvent event = await(ctx, step, runner, result, in);
        StepOutcome outcome = record(in, task, event, children[0]);
        if (responded.get()) {
            outcome = outcome.withResponded();
        }
        if (StepOutcome.DEFERRED.equals(outcome.kind())) {
            return outcome; // the node goes on after its child: no end to report yet
        }
        hooks.nodeEnded(
                input,
                in.node(),
                switch (outcome.kind()) {
                    case StepOutcome.FAILED -> "error";
                    case StepOutcome.WAITING -> "waiting";
                    default -> "success";
                },
                outcome.at());
        return outcome;
    }

    private ExecutionEvent await(
            ActivityExecutionContext ctx,
            HostedSteps.Step step,
            Thread runner,
            CompletableFuture<ExecutionEvent> result,
            StepInput in) {
        long every = Math.max(100, options.heartbeatEvery().toMillis());
        while (true) {
            try {
                return result.get(every, TimeUnit.MILLISECONDS);
            } catch (TimeoutException tick) {
                try {
                    ctx.heartbeat(null);
                } catch (ActivityCompletionException canceled) {
                    step.cancel("canceled");
                    runner.interrupt();
                    throw canceled;
                }
            } catch (InterruptedException stopped) {
                // the worker is shutting down: this try is lost and runs again elsewhere, its result unreported
                step.cancel("worker stopped");
                runner.interrupt();
                throw ApplicationFailure.newBuilder()
                        .setType(WORKER_STOPPED)
                        .setMessage("the worker stopped while node '" + in.node() + "' ran")
                        .build();
            } catch (ExecutionException e) {
                throw ApplicationFailure.newFailureWithCause(
                        "node '" + in.node() + "' broke its runner: " + e.getCause(), "HetumindBug", e.getCause());
            }
        }
    }

    private StepOutcome record(StepInput in, Task task, ExecutionEvent event, TemporalChildRunner children) {
        if (event instanceof ExecutionEvent.NodeFailed f && f.retryAt() >= 0) {
            throw ApplicationFailure.newBuilder()
                    .setType(TRY_FAILED)
                    .setMessage(f.error().message())
                    .setNextRetryDelay(Duration.ofMillis(Math.max(1, f.retryAt() - f.at())))
                    .build();
        }
        NodeRun run = HostedSteps.runOf(task, event);
        if (run != null) {
            store.putRun(in.executionId(), run);
        }
        return switch (event) {
            case ExecutionEvent.NodeFinished e -> {
                putState(in, e.nodeState());
                yield new StepOutcome(
                        StepOutcome.FINISHED,
                        e.at(),
                        e.startTime(),
                        e.executionTimeMs(),
                        counts(e.outputs()),
                        e.nodeState() != null,
                        e.error() == null ? null : Json.write(e.error().toJson()),
                        -1,
                        task.tryNumber(),
                        null,
                        false);
            }
            case ExecutionEvent.NodeFailed e ->
                new StepOutcome(
                        StepOutcome.FAILED,
                        e.at(),
                        e.startTime(),
                        e.executionTimeMs(),
                        List.of(),
                        false,
                        Json.write(e.error().toJson()),
                        -1,
                        task.tryNumber(),
                        null,
                        false);
            case ExecutionEvent.NodeWaiting e -> {
                putState(in, e.nodeState());
                yield new StepOutcome(
                        StepOutcome.WAITING,
                        e.at(),
                        e.startTime(),
                        0,
                        counts(e.outputs()),
                        e.nodeState() != null,
                        null,
                        e.until(),
                        task.tryNumber(),
                        null,
                        false);
            }
            case ExecutionEvent.NodeDeferred e
            when children.requested() != null ->
                new StepOutcome(
                        StepOutcome.DEFERRED,
                        e.at(),
                        0,
                        0,
                        List.of(),
                        false,
                        null,
                        -1,
                        task.tryNumber(),
                        children.requested(),
                        false);
            case ExecutionEvent.NodeDeferred e ->
                throw ApplicationFailure.newNonRetryableFailure(
                        "node '" + e.node() + "' started a sub-workflow that waits; the Temporal backend does not run"
                                + " waiting sub-workflows yet",
                        "HetumindUnsupported");
            default -> throw new IllegalStateException("unexpected node result " + event);
        };
    }

    private void putState(StepInput in, ObjectNode nodeState) {
        if (nodeState != null) {
            store.putNodeState(in.executionId(), in.taskId(), nodeState);
        }
    }

    private static List<Integer> counts(List<List<Item>> ports) {
        return ports.stream().map(List::size).toList();
    }

    private ExecutionState view(StepInput in, ExecutionInput input, PreparedWorkflow wf) {
        Map<String, List<NodeRun>> runs = new LinkedHashMap<>();
        in.runIndex()
                .forEach((node, ids) -> runs.put(
                        node,
                        ids.stream()
                                .map(id -> store.run(in.executionId(), id)
                                        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                                                "run " + id + " of node '" + node
                                                        + "' is missing from the run-data store",
                                                "HetumindMissingRunData")))
                                .toList()));
        Map<String, ObjectNode> states = new LinkedHashMap<>();
        in.nodeStateRefs()
                .forEach((node, id) -> store.nodeState(in.executionId(), id).ifPresent(s -> states.put(node, s)));
        return HostedSteps.view(
                new HostedSteps.ViewHeader(
                        in.executionId(),
                        HostedSteps.info(wf, input.toRequest()),
                        ExecutionStatus.RUNNING,
                        null,
                        in.startedAt(),
                        0,
                        null,
                        store.triggerItems(in.executionId()),
                        in.lastNodeExecuted(),
                        null),
                runs,
                states);
    }

    @Override
    public void recordResume(ResumeInput in) {
        NodeRun waiting = store.run(in.executionId(), in.taskId())
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "the parked run of node '" + in.node() + "' is missing from the run-data store",
                        "HetumindMissingRunData"));
        List<List<Item>> outputs = in.newOutputs()
                ? store.resumeOutputs(in.executionId(), in.node()).orElse(null)
                : null;
        store.putRun(in.executionId(), HostedSteps.resumed(waiting, in.at(), outputs));
    }

    @Override
    public void putContinuation(String executionId, int generation, String json) {
        store.putContinuation(executionId, generation, json);
    }

    @Override
    public String readContinuation(String executionId, int generation) {
        return store.continuation(executionId, generation)
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "what generation " + generation + " of execution " + executionId
                                + " handed on is missing from the run-data store",
                        "HetumindMissingRunData"));
    }
}
