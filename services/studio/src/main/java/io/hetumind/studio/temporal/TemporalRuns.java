package io.hetumind.studio.temporal;

import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.ErrorWorkflowLauncher;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.Task;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.executor.temporal.DebugCommand;
import io.hetumind.executor.temporal.RunSummary;
import io.hetumind.executor.temporal.TemporalExecutor;
import io.hetumind.studio.engine.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The claimed side of executions that run on Temporal: a claim starts the execution's Temporal workflow (or, on a
 * later claim, finds it running) and waits for it as a native run waits for the engine, so the runner records it the
 * same way. While it waits it looks at the workflow's progress: a wait longer than the engine's {@code park-after}
 * ends the claim with the execution {@code waiting} (the queue row comes due at the wake time, or is parked for an
 * outside resume) while Temporal's durable timer or signal carries the execution on; the next claim waits again.
 */
@ApplicationScoped
public class TemporalRuns {
    private static final Logger LOG = Logger.getLogger(TemporalRuns.class);

    private final TemporalBackend backend;
    private final EngineConfig engine;
    private final Map<String, Local> runs = new ConcurrentHashMap<>();

    public TemporalRuns(TemporalBackend backend, EngineConfig engine) {
        this.backend = backend;
        this.engine = engine;
    }

    /**
     * What a claim of a Temporal execution ended with: its state and, when it parked, when it is due (-1: never) and the
     * node a call to its resume URL resumes (null: none waits for a call).
     */
    public record Outcome(ExecutionResult result, long wakeAt, String waitingNode) {}

    /**
     * Runs a claimed execution on Temporal until it parks or ends; empty when this process stopped holding it
     * meanwhile ({@link #abandon}). {@code resumeWith} hands outputs to a node waiting for an outside call; {@code
     * proceedWith} (a debugger's continue) releases the run held at a breakpoint, pausing again at those breakpoints.
     */
    public Optional<Outcome> run(
            String id,
            Workflow workflow,
            RunRequest request,
            Map<String, String> context,
            List<List<Item>> resumeWith,
            Breakpoints proceedWith) {
        TemporalExecutor executor = backend.executor();
        Local local = new Local();
        runs.put(id, local);
        Answer answer = null;
        try {
            executor.start(workflow, request, context);
            if (proceedWith != null) {
                // returns once the workflow has let the held node go, so the summaries read below are past the hold
                executor.debug(id, DebugCommand.proceed(proceedWith));
            } else if (resumeWith != null) {
                executor.resume(id, waitingNode(executor, id), resumeWith);
            } else if (request.services().get(WebhookResponder.class) instanceof WebhookResponder responder) {
                answer = new Answer(executor, id, responder, backend.poll());
            }
            while (!local.abandoned) {
                Optional<ExecutionResult> ended = executor.await(id, backend.poll());
                if (ended.isPresent()) {
                    if (answer != null) {
                        answer.awaitDelivered(backend.poll().plusSeconds(5));
                    }
                    launchErrorWorkflow(workflow, request, ended.get());
                    return Optional.of(new Outcome(ended.get(), -1, null));
                }
                Optional<RunSummary> now = executor.summary(id);
                if (now.isPresent() && parks(now.get())) {
                    RunSummary s = now.get();
                    // the summary read just now may be older than a wait that has since ended: read the state it names
                    String waiting = s.callWaits() == null || s.callWaits().isEmpty()
                            ? null
                            : s.callWaits().getFirst();
                    return Optional.of(new Outcome(new ExecutionResult(executor.hydrate(s)), localWake(s), waiting));
                }
            }
            return Optional.empty();
        } finally {
            if (answer != null) {
                answer.stop();
            }
            runs.remove(id, local);
        }
    }

    /**
     * Hands the answer a Respond to Webhook node gave — on whichever worker ran it, through the run-data store — to the
     * responder of the request that started the run here, as a native run's node calls it. While this claim waits on
     * the run it polls an {@code awaitAnswer} update of the execution's workflow (one per generation: a run that
     * continues as new hands the wait on to the next, {@link TemporalExecutor#responseWait}); once the claim ends (the run
     * parked, or this process let go of it) it stops, as a native run's responder is gone after a park: the caller got
     * its answer from the park already ({@code Workflow is waiting}).
     */
    private static final class Answer {
        private final Thread thread;
        private volatile boolean stopped;

        Answer(TemporalExecutor executor, String id, WebhookResponder responder, Duration poll) {
            this.thread = Thread.ofVirtual().name("respond-" + id).start(() -> {
                try {
                    TemporalExecutor.ResponseWait wait = executor.responseWait(id);
                    while (!stopped) {
                        try {
                            wait.get(poll).ifPresent(r -> responder.respond(id, r));
                            return;
                        } catch (TimeoutException notYet) {
                            // the claim decides whether to go on waiting
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("the webhook answer of execution %s could not be read: %s", id, e.getMessage());
                }
            });
        }

        /**
         * The run ended: once its workflow completes, the update has returned (the workflow waits for it), so the
         * answer — if a node gave one — reaches the responder before the end does, as natively.
         */
        void awaitDelivered(Duration bound) {
            try {
                if (!thread.join(bound)) {
                    LOG.warnf("the webhook answer of %s was not read within %d ms", thread.getName(), bound.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            stopped = true;
        }
    }

    /**
     * A failed run starts its workflow's error workflow as a native one does (the engine's finish step, which a
     * Temporal run does not pass through): through the run's launcher, which queues it as an execution of its own.
     */
    private static void launchErrorWorkflow(Workflow workflow, RunRequest request, ExecutionResult result) {
        String errorWorkflow = workflow.settings().errorWorkflow();
        if (result.status() != ExecutionStatus.ERROR
                || errorWorkflow == null
                || errorWorkflow.isBlank()
                || "error".equals(request.mode())
                || !(request.services().get(ErrorWorkflowLauncher.class) instanceof ErrorWorkflowLauncher launcher)) {
            return;
        }
        try {
            if (!launcher.launch(errorWorkflow, workflow, HostedSteps.errorItem(workflow, result))) {
                LOG.warnf("error workflow '%s' of workflow '%s' not found", errorWorkflow, workflow.name());
            }
        } catch (RuntimeException e) {
            LOG.warnf("error workflow '%s' could not run: %s", errorWorkflow, e.getMessage());
        }
    }

    private boolean parks(RunSummary s) {
        if (!ExecutionStatus.WAITING.name().equals(s.status())) {
            return false;
        }
        return s.wakeAt() < 0 || left(s) > engine.parkAfter().toMillis();
    }

    /**
     * How long the earliest timed wait has left, on the workflow's own clock: Temporal's clock need not be this
     * studio's (skew; a test server that skipped time), and the wait lasts what the node asked for on Temporal's.
     */
    private static long left(RunSummary s) {
        long at = s.at() > 0 ? s.at() : System.currentTimeMillis();
        return Math.max(0, s.wakeAt() - at);
    }

    /** When a parked run is due on this studio's clock (the queue's), or -1: only an outside resume moves it. */
    private static long localWake(RunSummary s) {
        return s.wakeAt() < 0 ? -1 : System.currentTimeMillis() + left(s);
    }

    private static String waitingNode(TemporalExecutor executor, String id) {
        RunSummary s = executor.summary(id)
                .orElseThrow(() -> new IllegalStateException("execution " + id + " has not started on Temporal"));
        if (s.callWaits() == null || s.callWaits().isEmpty()) {
            throw new IllegalStateException("execution " + id + " has no node waiting for a call");
        }
        return s.callWaits().getFirst();
    }

    /** Where a Temporal execution is held at a breakpoint: its run data so far, the held task, before or after it. */
    public record Held(ExecutionState state, Task task, boolean after) {}

    /** The execution as held at a breakpoint on Temporal; empty when it is not held (or has not started there). */
    public Optional<Held> held(String id) {
        TemporalExecutor executor = backend.executor();
        if (!executor.started(id)) {
            return Optional.empty();
        }
        return executor.summary(id)
                .filter(s -> ExecutionStatus.WAITING.name().equals(s.status()) && s.held() != null)
                .map(s -> new Held(executor.hydrate(s), s.held(), s.heldAfter()));
    }

    /** Whether this process waits on the execution now. */
    public boolean runsHere(String id) {
        return runs.containsKey(id);
    }

    /** Cancels the execution's Temporal workflow if this process waits on it; false when it does not. */
    public boolean cancelLocal(String id) {
        if (!runs.containsKey(id)) {
            return false;
        }
        backend.executor().cancel(id);
        return true;
    }

    /** Cancels the execution's Temporal workflow wherever it runs (it is parked, or another studio waits on it). */
    public void cancel(String id) {
        backend.executor().cancel(id);
    }

    /** Stops waiting on an execution another worker holds now; Temporal goes on running it. */
    public boolean abandon(String id) {
        Local local = runs.get(id);
        if (local == null) {
            return false;
        }
        local.abandoned = true;
        return true;
    }

    /** The execution as Temporal has it now (empty when it has not started there). */
    public Optional<ExecutionState> current(String id) {
        TemporalExecutor executor = backend.executor();
        return executor.started(id) ? executor.current(id) : Optional.empty();
    }

    private static final class Local {
        volatile boolean abandoned;
    }
}
