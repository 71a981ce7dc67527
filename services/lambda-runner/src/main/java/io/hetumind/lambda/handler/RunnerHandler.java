package io.hetumind.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.CheckpointCorruptException;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionNotFoundException;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.engine.WorkflowMismatchException;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.lambda.config.RunnerConfig;
import io.hetumind.lambda.state.S3BinaryStore;
import io.hetumind.lambda.state.S3Checkpointer;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The Lambda entry point: runs one time-boxed batch of an execution. It loads the execution's
 * state from S3 (or starts it), runs nodes until the invocation's remaining time minus the safety
 * margin (or the request's {@code timeBudgetMs}) is used up — no node starts after that, the one
 * in flight finishes — and commits the state back with a conditional put. A caller (the Step
 * Functions state machine in {@code deploy/sam}) calls again while the answer is {@code RUNNING}.
 *
 * <p>Errors that are the request's or the execution's are answered ({@code status: ERROR} with a
 * typed {@code error}); errors of the platform (S3 unreachable, throttling) are thrown, so Lambda
 * reports a function error that the caller retries: a retry never re-runs finished nodes.
 */
@Named("runner")
public final class RunnerHandler implements RequestHandler<JsonNode, RunnerResponse> {

    private static final Logger LOG = Logger.getLogger(RunnerHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the engine words a node given up after its workers were lost ({@code NodeInvoker}). */
    static final String LOST_PREFIX = "the worker running node '";

    private static final java.util.regex.Pattern LOST_TIMES = java.util.regex.Pattern.compile("was lost (\\d+) time");

    private final Engine engine;
    private final S3Checkpointer checkpointer;
    private final S3BinaryStore binaries;
    private final S3Client s3;
    private final RunnerConfig config;
    private final CredentialResolver credentials;

    public RunnerHandler(
            Engine engine,
            S3Checkpointer checkpointer,
            S3BinaryStore binaries,
            S3Client s3,
            RunnerConfig config,
            CredentialResolver credentials) {
        this.engine = engine;
        this.checkpointer = checkpointer;
        this.binaries = binaries;
        this.s3 = s3;
        this.config = config;
        this.credentials = credentials;
    }

    @Override
    public RunnerResponse handleRequest(JsonNode input, Context context) {
        long started = System.currentTimeMillis();
        RunnerRequest req;
        try {
            req = RunnerRequest.parse(input);
        } catch (BadRequestException e) {
            return RunnerResponse.error(null, null, "bad-request", e.getMessage(), null);
        }
        // not RunRequest's default UUIDv7: it draws from ThreadLocalRandom, whose seeder a SnapStart snapshot would
        // hand to every environment restored from it; randomUUID draws from SecureRandom, reseeded on restore
        String id = req.executionId() != null
                ? req.executionId()
                : UUID.randomUUID().toString();
        String stateKey = checkpointer.stateKey(id);
        long remaining = remainingMillis(
                context, started, config.timeoutWithoutDeadline().toMillis());
        long budget = remaining - config.safetyMargin().toMillis();
        if (req.timeBudgetMs() != null) {
            budget = Math.min(budget, req.timeBudgetMs());
        }
        if (budget <= 0) {
            return RunnerResponse.error(
                    id,
                    stateKey,
                    "no-time",
                    "the invocation has " + remaining + " ms left, less than the safety margin of "
                            + config.safetyMargin().toMillis()
                            + " ms (hetumind.lambda.safety-margin): raise the function's timeout",
                    null);
        }
        try {
            PreparedWorkflow wf = engine.prepare(workflow(req));
            RunRequest run = RunRequest.defaults()
                    .withExecutionId(id)
                    .withParallel(req.parallel())
                    .withMode(req.mode())
                    .withPinData("manual".equals(req.mode())) // n8n's rule: pinned outputs in manual runs only
                    .withService(BinaryStore.class, binaries)
                    .withService(CredentialResolver.class, credentials);
            if (req.input() != null) {
                run = run.withInput(req.input());
            }
            ExecutionResult result;
            int before;
            Map<String, Integer> interrupted = Map.of();
            // the hard limit is Lambda's; the budget counts from when the state is loaded, so loading
            // (slow on a busy host) does not eat the time nodes were meant to get
            long hardDeadline = started + remaining - config.safetyMargin().toMillis();
            try {
                ExecutionState previous = engine.recover(wf, id);
                before = nodesRun(previous);
                interrupted = interrupted(previous);
                if (!interrupted.isEmpty()) {
                    LOG.warnf(
                            "execution %s: the invocation before this one ended while %s ran (Lambda's timeout, or"
                                    + " the function crashed); each runs again and that try counts",
                            id, interrupted.keySet());
                }
                result = engine.resume(wf, id, run.withDeadline(deadline(hardDeadline, budget)));
            } catch (ExecutionNotFoundException e) {
                if (req.resume()) {
                    return RunnerResponse.error(
                            id,
                            stateKey,
                            "state-missing",
                            "execution " + id + " has no state at s3://" + checkpointer.bucket() + "/" + stateKey
                                    + " (never started, deleted, or expired by the bucket's lifecycle rule)",
                            null);
                }
                before = 0;
                result = engine.run(wf, run.withDeadline(deadline(hardDeadline, budget)));
            }
            // every batch makes progress while Lambda's time allows: a deadline that passed before the
            // first node could start (the load took it all) is given again, a few times at most
            for (int retry = 0;
                    retry < 3
                            && result.status() == ExecutionStatus.WAITING
                            && "deadline".equals(result.state().pauseReason())
                            && nodesRun(result.state()) == before
                            && System.currentTimeMillis() < hardDeadline;
                    retry++) {
                checkpointer.release(id);
                result = engine.resume(wf, id, run.withDeadline(deadline(hardDeadline, budget)));
            }
            return answer(result, stateKey, before, started, interrupted);
        } catch (WorkflowNotFound e) {
            return RunnerResponse.error(id, stateKey, "workflow-not-found", e.getMessage(), null);
        } catch (BadRequestException e) {
            return RunnerResponse.error(id, stateKey, "bad-request", e.getMessage(), null);
        } catch (WorkflowInvalidException e) {
            return RunnerResponse.error(id, stateKey, "workflow-invalid", e.getMessage(), JSON.valueToTree(e.report()));
        } catch (WorkflowMismatchException e) {
            return RunnerResponse.error(id, stateKey, "workflow-mismatch", e.getMessage(), null);
        } catch (CheckpointConflictException e) {
            LOG.infof("execution %s: another invocation advanced it, this one stops: %s", id, e.getMessage());
            return RunnerResponse.error(id, stateKey, "conflict", e.getMessage(), null);
        } catch (CheckpointCorruptException e) {
            return RunnerResponse.error(id, stateKey, "state-corrupt", e.getMessage(), null);
        } finally {
            checkpointer.release(id);
            checkpointer.takeStoredBytes(id);
        }
    }

    private Workflow workflow(RunnerRequest req) {
        if (req.workflow() != null) {
            try {
                return WorkflowFormat.readJson(JSON.writeValueAsString(req.workflow()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadRequestException("'workflow' cannot be read: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'workflow' cannot be read: " + e.getMessage());
            }
        }
        String text;
        try {
            text = s3.getObjectAsBytes(b -> b.bucket(checkpointer.bucket()).key(checkpointer.key(req.workflowKey())))
                    .asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            throw new WorkflowNotFound(req.workflowKey());
        }
        try {
            return WorkflowFormat.readJson(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("s3://" + checkpointer.bucket() + "/" + req.workflowKey()
                    + " is not a workflow: " + e.getMessage());
        }
    }

    private RunnerResponse answer(
            ExecutionResult result, String stateKey, int before, long started, Map<String, Integer> interrupted) {
        ExecutionState state = result.state();
        int total = nodesRun(state);
        RunnerResponse.Stats stats = new RunnerResponse.Stats(
                total - before,
                total,
                System.currentTimeMillis() - started,
                checkpointer.takeStoredBytes(state.executionId()));
        String id = result.executionId();
        return switch (result.status()) {
            case SUCCESS -> {
                ArrayNode items = JsonNodeFactory.instance.arrayNode();
                for (Item item : result.lastOutput()) {
                    items.add(item.json());
                }
                byte[] bytes = items.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length <= config.maxInlineOutputBytes()) {
                    yield new RunnerResponse("SUCCESS", id, stateKey, items, null, null, null, stats);
                }
                String key = checkpointer.executionPrefix(id) + "output.json";
                s3.putObject(
                        b -> b.bucket(checkpointer.bucket()).key(key).contentType("application/json"),
                        RequestBody.fromBytes(bytes));
                yield new RunnerResponse("SUCCESS", id, stateKey, null, key, null, null, stats);
            }
            case WAITING -> {
                if ("wait".equals(state.pauseReason())) {
                    long wake = state.wakeAt();
                    yield new RunnerResponse(
                            "WAITING",
                            id,
                            stateKey,
                            null,
                            null,
                            wake >= 0 ? Instant.ofEpochMilli(wake).toString() : null,
                            null,
                            stats);
                }
                yield new RunnerResponse("RUNNING", id, stateKey, null, null, null, null, stats); // deadline or pause
            }
            case RUNNING, CRASHED -> new RunnerResponse("RUNNING", id, stateKey, null, null, null, null, stats);
            default -> {
                ExecutionError err = state.error();
                // here a node is only ever lost with the invocation running it (nothing else runs nodes), also
                // when a finished execution is answered again
                if (err != null
                        && err.node() != null
                        && err.message() != null
                        && err.message().startsWith(LOST_PREFIX)) {
                    yield didNotFinish(id, stateKey, err, lostTimes(err, interrupted), stats);
                }
                String message = err == null
                        ? "the execution ended " + result.status()
                        : err.node() == null ? err.message() : "node '" + err.node() + "': " + err.message();
                yield new RunnerResponse(
                        "ERROR",
                        id,
                        stateKey,
                        null,
                        null,
                        null,
                        new RunnerResponse.Error(
                                "execution-failed", message, err == null ? null : JSON.valueToTree(err)),
                        stats);
            }
        };
    }

    /**
     * The nodes a previous invocation left in flight (the state is still {@code RUNNING} or {@code CRASHED}: that
     * invocation never wrote the end of its batch), each with the number of tries lost so far counting that one.
     */
    private static Map<String, Integer> interrupted(ExecutionState previous) {
        if (previous.status() != ExecutionStatus.RUNNING && previous.status() != ExecutionStatus.CRASHED) {
            return Map.of();
        }
        Map<String, Integer> out = new TreeMap<>();
        for (Task t : previous.runningTasks()) {
            out.merge(t.node(), t.lost() + (previous.status() == ExecutionStatus.RUNNING ? 1 : 0), Math::max);
        }
        return out;
    }

    /** How many invocations ended while the node ran: known from the state it was loaded from, else the engine's words. */
    private static int lostTimes(ExecutionError err, Map<String, Integer> interrupted) {
        Integer known = interrupted.get(err.node());
        if (known != null) {
            return known;
        }
        java.util.regex.Matcher m = LOST_TIMES.matcher(err.message());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * The engine gave up on a node whose invocations kept ending while it ran: on Lambda that is a node that
     * cannot finish inside one invocation (it starts no later than the safety margin before the deadline, and
     * ran past it), so the answer says so and what to change, instead of a lost worker.
     */
    private RunnerResponse didNotFinish(
            String id, String stateKey, ExecutionError err, int times, RunnerResponse.Stats stats) {
        String message = "node '" + err.node() + "' did not finish within one invocation: the invocation running it"
                + " ended before it did" + (times > 0 ? " " + times + (times == 1 ? " time" : " times") : "")
                + " (Lambda's timeout, or a crash of the function), so it is not tried again. No node starts later"
                + " than the safety margin (" + config.safetyMargin()
                + ", hetumind.lambda.safety-margin) before the function's timeout, so a node must finish within"
                + " that margin: raise the margin and the function's timeout above the node's run time, or split"
                + " its work";
        return new RunnerResponse(
                "ERROR",
                id,
                stateKey,
                null,
                null,
                null,
                new RunnerResponse.Error(
                        "node-did-not-finish",
                        message,
                        JSON.createObjectNode()
                                .put("node", err.node())
                                .put("invocationsLost", times)
                                .put("safetyMarginMs", config.safetyMargin().toMillis())
                                .put("engineMessage", err.message())),
                stats);
    }

    private static long deadline(long hardDeadline, long budget) {
        return Math.min(hardDeadline, System.currentTimeMillis() + budget);
    }

    /**
     * Lambda's remaining time, or {@code fallback} when the runtime gave no deadline: Quarkus's
     * context then computes {@code (int) (0 - now)}, which this recognises (a real remaining time
     * is at most 15 minutes and never that value).
     */
    static long remainingMillis(Context context, long now, long fallback) {
        int reported = context.getRemainingTimeInMillis();
        int withoutDeadline = (int) (0 - now);
        if (Math.abs(reported - withoutDeadline) < 60_000 || reported > 15 * 60_000 + 60_000) {
            return fallback;
        }
        return reported;
    }

    private static int nodesRun(ExecutionState state) {
        int n = 0;
        for (String node : state.executedNodes()) {
            n += state.runs(node).size();
        }
        return n;
    }

    /** The workflow named by {@code workflowKey} is not in the bucket. */
    static final class WorkflowNotFound extends BadRequestException {
        WorkflowNotFound(String key) {
            super("no workflow at key '" + key + "'");
        }
    }
}
