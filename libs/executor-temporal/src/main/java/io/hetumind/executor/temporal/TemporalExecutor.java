package io.hetumind.executor.temporal;

import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The host side of the Temporal backend: starts an execution as a Temporal workflow (workflow id = execution id),
 * resumes, cancels, and turns what the workflow reports into the engine's {@link ExecutionState}, hydrated from the
 * {@link RunDataStore}, so run data reads exactly as the native engine's.
 */
public final class TemporalExecutor {

    private final WorkflowClient client;
    private final RunDataStore store;
    private final TemporalOptions options;

    public TemporalExecutor(WorkflowClient client, RunDataStore store, TemporalOptions options) {
        this.client = client;
        this.store = store;
        this.options = options;
    }

    /** Starts an execution of {@code workflow}; returns at once with its id. */
    public String start(Workflow workflow, RunRequest request) {
        return start(workflow, request, Map.of());
    }

    /**
     * Starts an execution of {@code workflow} with {@code context} for the workers' {@link WorkerHooks}; returns at
     * once with its id. Starting an execution whose workflow runs already (a host that lost track of it starts it
     * again) changes nothing: the running one goes on.
     */
    public String start(Workflow workflow, RunRequest request, Map<String, String> context) {
        String executionId = request.executionId();
        List<Item> triggerItems = request.triggerItems() == null ? List.of() : request.triggerItems();
        if (executionId == null || executionId.isBlank()) {
            throw new IllegalArgumentException("an execution id is needed to start on Temporal");
        }
        ExecutionInput input = new ExecutionInput(
                        executionId,
                        WorkflowFormat.writeJson(workflow),
                        request.mode(),
                        request.parentExecutionId(),
                        request.parallel(),
                        request.maxParallel(),
                        request.usePinData(),
                        request.startNode(),
                        triggerItems.size(),
                        context)
                .withBreakpoints(request.breakpoints());
        if (started(executionId)) {
            return executionId;
        }
        store.putInput(input, triggerItems);
        ExecutionWorkflow stub = client.newWorkflowStub(
                ExecutionWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(executionId)
                        .setTaskQueue(options.taskQueue())
                        .build());
        try {
            WorkflowClient.start(stub::run, input);
        } catch (WorkflowExecutionAlreadyStarted raced) {
            // another host started it between the check and here: that run goes on
        }
        return executionId;
    }

    /** Whether a Temporal workflow of this execution exists (running or closed). */
    public boolean started(String executionId) {
        try {
            client.newUntypedWorkflowStub(executionId).describe();
            return true;
        } catch (WorkflowNotFoundException e) {
            return false;
        }
    }

    /**
     * Waits at most {@code timeout} for the execution's workflow to end; empty when it still runs. A host that must not
     * hold a thread for a long wait asks again later (or reads {@link #current}).
     */
    public Optional<ExecutionResult> await(String executionId, Duration timeout) {
        RunSummary summary;
        try {
            summary = client.newUntypedWorkflowStub(executionId)
                    .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, RunSummary.class);
        } catch (TimeoutException stillRunning) {
            return Optional.empty();
        } catch (WorkflowFailedException e) {
            if (!(e.getCause() instanceof CanceledFailure)) {
                throw e;
            }
            summary =
                    client.newWorkflowStub(ExecutionWorkflow.class, executionId).progress();
        }
        return Optional.of(new ExecutionResult(hydrate(summary)));
    }

    /** Waits for the execution's workflow to end and returns it as the engine would have. */
    public ExecutionResult await(String executionId) {
        RunSummary summary;
        try {
            summary = client.newUntypedWorkflowStub(executionId).getResult(RunSummary.class);
        } catch (WorkflowFailedException e) {
            if (!(e.getCause() instanceof CanceledFailure)) {
                throw e;
            }
            // a canceled workflow closes as canceled in Temporal; what it recorded is still there to query
            summary =
                    client.newWorkflowStub(ExecutionWorkflow.class, executionId).progress();
        }
        return new ExecutionResult(hydrate(summary));
    }

    /**
     * Blocks until a node of the execution has answered the webhook request that started it (Respond to Webhook, on
     * whichever worker ran it), and returns that answer from the store; empty when the run ended without one. A run
     * that parks first keeps the caller waiting through the park, and one that continues as new hands the wait on to
     * its next run (see {@link #responseWait}).
     */
    public Optional<io.hetumind.core.spi.trigger.WebhookResponse> awaitResponse(String executionId) {
        ResponseWait wait = responseWait(executionId);
        while (true) {
            try {
                return wait.get(Duration.ofMinutes(1));
            } catch (TimeoutException notYet) {
                // the same wait goes on
            }
        }
    }

    /**
     * Starts waiting for the answer to the webhook request that started the execution, through an {@code awaitAnswer}
     * update its caller polls with a timeout ({@link ResponseWait#get}), so a host can stop waiting (the run parked,
     * the host let go of it) without holding a thread until the run answers or ends. One update per run of the
     * workflow: each accepted update is an event in its history; when the run continues as new before an answer came,
     * the update returns {@link AnswerState#HANDED_ON} and the wait starts one on the next run, so the answer comes
     * from whichever generation gives it, once.
     */
    public ResponseWait responseWait(String executionId) {
        ResponseWait wait = new ResponseWait(executionId);
        wait.update =
                wait.startOnNewestRun(System.nanoTime() + Duration.ofSeconds(10).toNanos());
        return wait;
    }

    /** A wait for the answer to an execution's webhook request, see {@link #responseWait}. */
    public final class ResponseWait {
        private final String executionId;
        /** The update on the run waited on now; null once the workflow has completed (the store says the rest). */
        private WorkflowUpdateHandle<AnswerState> update;

        private int handOns;

        private ResponseWait(String executionId) {
            this.executionId = executionId;
        }

        /**
         * The answer once a node gave it, empty once the run ended without one; {@link TimeoutException} when neither
         * happened within {@code timeout} (ask again).
         */
        public Optional<io.hetumind.core.spi.trigger.WebhookResponse> get(Duration timeout) throws TimeoutException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (update != null) {
                AnswerState state;
                try {
                    state = update.getResult(
                            Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                } catch (WorkflowUpdateTimeoutOrCancelledException stillWaiting) {
                    throw new TimeoutException("execution " + executionId + " has not answered yet");
                } catch (WorkflowException closed) {
                    // the run closed under the update: ended (the store says whether an answer came), or went on
                    state = running() ? AnswerState.HANDED_ON : AnswerState.NONE;
                }
                if (state != AnswerState.HANDED_ON) {
                    break;
                }
                handOns++;
                String from = update.getExecution().getRunId();
                update = startOnNewestRun(deadline);
                if (update != null && from.equals(update.getExecution().getRunId())) {
                    // the continue-as-new has not completed the run yet: ask again in a moment
                    pause(deadline);
                }
            }
            return store.response(executionId);
        }

        /** How many times the wait was handed on to a next run of the workflow (continue-as-new). */
        public int handOns() {
            return handOns;
        }

        /**
         * An {@code awaitAnswer} update on the newest run, or null when the workflow has completed; retried while the
         * workflow runs but the update could not be started (a run closing by continue-as-new meanwhile).
         */
        private WorkflowUpdateHandle<AnswerState> startOnNewestRun(long deadline) {
            while (true) {
                try {
                    return WorkflowStub.fromTyped(client.newWorkflowStub(ExecutionWorkflow.class, executionId))
                            .startUpdate("awaitAnswer", WorkflowUpdateStage.ACCEPTED, AnswerState.class);
                } catch (WorkflowNotFoundException gone) {
                    return null;
                } catch (WorkflowException closed) {
                    if (!running() || System.nanoTime() > deadline) {
                        return null; // the workflow had completed: whether an answer came is in the store
                    }
                    pause(deadline);
                }
            }
        }

        private boolean running() {
            try {
                return client.newUntypedWorkflowStub(executionId).describe().getStatus()
                        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
            } catch (WorkflowNotFoundException gone) {
                return false;
            }
        }

        private static void pause(long deadline) {
            long left = Math.min(20, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an answer", e);
            }
        }
    }

    /** What the execution's workflow reports now, by query (running or ended); empty before its first task. */
    public Optional<RunSummary> summary(String executionId) {
        return Optional.ofNullable(
                client.newWorkflowStub(ExecutionWorkflow.class, executionId).progress());
    }

    /** The execution as it stands, by query (running or ended). */
    public Optional<ExecutionState> current(String executionId) {
        RunSummary summary =
                client.newWorkflowStub(ExecutionWorkflow.class, executionId).progress();
        return Optional.ofNullable(summary).map(this::hydrate);
    }

    /** Resumes node {@code node} waiting for the outside; {@code outputs} null keeps the outputs it parked with. */
    public void resume(String executionId, String node, List<List<Item>> outputs) {
        List<Integer> counts = null;
        if (outputs != null) {
            store.putResumeOutputs(executionId, node, outputs);
            counts = outputs.stream().map(List::size).toList();
        }
        client.newWorkflowStub(ExecutionWorkflow.class, executionId).resume(new ResumeSignal(node, counts));
    }

    /**
     * A debugger's command to the execution ({@link DebugCommand}: go on from a breakpoint or pause, change the
     * breakpoints, pause); returns once its workflow has applied it, true when it took effect (false: the run was not
     * held for a {@code continue}, or it has ended).
     */
    public boolean debug(String executionId, DebugCommand command) {
        try {
            return client.newWorkflowStub(ExecutionWorkflow.class, executionId).debug(command);
        } catch (WorkflowException ended) {
            return false;
        }
    }

    /** Cancels the execution: running node tries are told to stop, the run ends as canceled. */
    public void cancel(String executionId) {
        WorkflowStub.fromTyped(client.newWorkflowStub(ExecutionWorkflow.class, executionId))
                .cancel();
    }

    /** The full state: the workflow's index of runs, their data from the store. */
    public ExecutionState hydrate(RunSummary summary) {
        return hydrate(store, summary);
    }

    /** {@link #hydrate(RunSummary)} from {@code store}. */
    static ExecutionState hydrate(RunDataStore store, RunSummary summary) {
        ExecutionInput input = store.input(summary.executionId())
                .orElseThrow(() -> new IllegalStateException(
                        "execution " + summary.executionId() + " is not in the run-data store"));
        Map<String, List<NodeRun>> runs = new LinkedHashMap<>();
        summary.runIndex().forEach((node, ids) -> {
            List<NodeRun> list = new ArrayList<>();
            for (long id : ids) {
                list.add(store.run(summary.executionId(), id)
                        .or(() -> Optional.ofNullable(summary.lostRuns().get(id))
                                .map(json -> HostedSteps.runFromJson(Json.parse(json))))
                        .orElseThrow(() -> new IllegalStateException(
                                "run " + id + " of node '" + node + "' is missing from the run-data store")));
            }
            runs.put(node, list);
        });
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> states = new LinkedHashMap<>();
        summary.nodeStateRefs().forEach((node, id) -> store.nodeState(summary.executionId(), id)
                .ifPresent(s -> states.put(node, s)));
        return HostedSteps.view(
                new HostedSteps.ViewHeader(
                        summary.executionId(),
                        info(input),
                        ExecutionStatus.valueOf(summary.status()),
                        summary.pauseReason(),
                        summary.startedAt(),
                        summary.finishedAt(),
                        summary.startNode(),
                        store.triggerItems(summary.executionId()),
                        summary.lastNodeExecuted(),
                        summary.errorJson() == null ? null : ExecutionError.fromJson(Json.parse(summary.errorJson()))),
                runs,
                states);
    }

    private static io.hetumind.core.engine.RunInfo info(ExecutionInput input) {
        Workflow wf = WorkflowFormat.readJson(input.workflowJson());
        return new io.hetumind.core.engine.RunInfo(
                input.mode(),
                input.parentExecutionId(),
                wf.id(),
                wf.version(),
                input.parallel(),
                input.maxParallel(),
                input.usePinData(),
                null);
    }
}
