package io.hetumind.lambda.handler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.lambda.LocalHttp;
import io.hetumind.lambda.S3TestResource;
import io.hetumind.lambda.Workflows;
import io.hetumind.lambda.state.S3Checkpointer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The handler through Quarkus's mock Lambda event server (requests POSTed as Lambda would deliver
 * them), with its state in an in-process S3 server.
 */
@QuarkusTest
@QuarkusTestResource(S3TestResource.class)
class RunnerHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Inject
    RunnerHandler handler;

    @Inject
    S3Checkpointer checkpointer;

    @Inject
    S3Client s3;

    @Inject
    Engine engine;

    static JsonNode invoke(Object request) {
        String body = given().contentType(ContentType.JSON)
                .accept(ContentType.JSON)
                .body(request.toString())
                .when()
                .post()
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static ObjectNode start(ObjectNode workflow, String executionId, long budgetMs) {
        ObjectNode req = F.objectNode();
        req.set("workflow", workflow);
        if (executionId != null) {
            req.put("executionId", executionId);
        }
        ArrayNode input = req.putArray("input");
        input.addObject().put("x", 1);
        input.addObject().put("x", 10);
        req.putObject("options").put("timeBudgetMs", budgetMs);
        return req;
    }

    static ObjectNode resume(ObjectNode workflow, String executionId, long budgetMs) {
        ObjectNode req = F.objectNode();
        req.set("workflow", workflow);
        req.put("executionId", executionId);
        req.put("resume", true);
        req.putObject("options").put("timeBudgetMs", budgetMs);
        return req;
    }

    /** The same workflow run in one go by the plain engine, as the CLI runs it. */
    static JsonNode oneRun(ObjectNode workflow) throws Exception {
        return oneRun(workflow, RunRequest.defaults());
    }

    static JsonNode oneRun(ObjectNode workflow, RunRequest request) throws Exception {
        Engine plain = Engine.builder().registry(NodeRegistry.load()).build();
        List<Item> input = List.of(
                Item.of((ObjectNode) JSON.readTree("{\"x\":1}")), Item.of((ObjectNode) JSON.readTree("{\"x\":10}")));
        ExecutionResult r =
                plain.run(plain.prepare(WorkflowFormat.readJson(workflow.toString())), request.withInput(input));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        ArrayNode out = F.arrayNode();
        r.lastOutput().forEach(i -> out.add(i.json()));
        return out;
    }

    private ExecutionState stored(ObjectNode workflow, String id) {
        return engine.recover(engine.prepare(WorkflowFormat.readJson(workflow.toString())), id);
    }

    @Test
    void slowNodesUnderASmallBudgetFinishOverSeveralInvocationsWithTheOutputOfOneRun() throws Exception {
        ObjectNode wf = Workflows.slowChain(8, 120);
        JsonNode r = invoke(start(wf, null, 300));
        String id = r.path("executionId").asText();
        assertThat(r.path("status").asText()).isEqualTo("RUNNING");
        assertThat(r.path("stateKey").asText()).isEqualTo("executions/" + id + "/state.json.gz");
        int invocations = 1;
        while (r.path("status").asText().equals("RUNNING")) {
            assertThat(r.path("stats").path("nodesRun").asInt())
                    .as("every batch makes progress")
                    .isPositive();
            r = invoke(resume(wf, id, 300));
            invocations++;
            assertThat(invocations).isLessThan(20);
        }
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
        assertThat(invocations).isGreaterThanOrEqualTo(3);
        assertThat(r.path("output")).isEqualTo(oneRun(wf));
        assertThat(r.path("output").get(1).path("trail").asText()).isEqualTo("1;2;3;4;5;6;7;8;");
        ExecutionState state = stored(wf, id);
        for (int i = 1; i <= 8; i++) {
            assertThat(state.runs("Step " + i)).as("Step %d ran once", i).hasSize(1);
        }
        assertThat(r.path("stats").path("nodesTotal").asInt()).isEqualTo(9);
        assertThat(r.path("stats").path("stateBytes").asLong()).isPositive();
        System.out.printf(
                "figures: 8 nodes x 120 ms, budget 300 ms: %d invocations; final state %d bytes (%d per node run)%n",
                invocations,
                r.path("stats").path("stateBytes").asLong(),
                r.path("stats").path("stateBytes").asLong() / 9);
    }

    @Test
    void aRetriedBatchDoesNotRunFinishedNodesAgain() throws Exception {
        ObjectNode wf = Workflows.slowChain(6, 100);
        String id = "retry-" + UUID.randomUUID();
        ObjectNode first = start(wf, id, 250);
        JsonNode r = invoke(first);
        assertThat(r.path("status").asText()).isEqualTo("RUNNING");
        int doneAfterFirst = r.path("stats").path("nodesTotal").asInt();
        // the answer was lost: the caller sends the very same request again
        JsonNode again = invoke(first);
        assertThat(again.path("executionId").asText()).isEqualTo(id);
        assertThat(again.path("stats").path("nodesTotal").asInt()
                        - again.path("stats").path("nodesRun").asInt())
                .as("the retry goes on from where the first batch stopped")
                .isEqualTo(doneAfterFirst);
        ObjectNode next = resume(wf, id, 250);
        r = invoke(next);
        invoke(next); // lost again, retried again
        while (!r.path("status").asText().equals("SUCCESS")) {
            assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("RUNNING");
            r = invoke(next);
        }
        assertThat(r.path("output")).isEqualTo(oneRun(wf));
        ExecutionState state = stored(wf, id);
        for (int i = 1; i <= 6; i++) {
            assertThat(state.runs("Step " + i)).as("Step %d ran once", i).hasSize(1);
        }
        // a finished execution answered again is the same answer, nothing runs
        JsonNode done = invoke(next);
        assertThat(done.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(done.path("stats").path("nodesRun").asInt()).isZero();
        assertThat(done.path("output")).isEqualTo(r.path("output"));
    }

    @Test
    void ofTwoConcurrentInvocationsOnOneExecutionOneWinsAndTheOtherGetsAConflict() throws Exception {
        ObjectNode wf = Workflows.slowChain(8, 150);
        String id = "race-" + UUID.randomUUID();
        JsonNode r = invoke(start(wf, id, 200));
        assertThat(r.path("status").asText()).isEqualTo("RUNNING");
        JsonNode request = resume(wf, id, 5_000);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<RunnerResponse> answers = new ArrayList<>();
        try {
            List<Future<RunnerResponse>> all = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return handler.handleRequest(request.deepCopy(), new TestContext(30_000));
                }));
            }
            go.countDown();
            for (Future<RunnerResponse> f : all) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers)
                .filteredOn(
                        a -> a.error() != null && "conflict".equals(a.error().type()))
                .hasSize(1);
        assertThat(answers).filteredOn(a -> a.error() == null).hasSize(1);
        RunnerResponse winner =
                answers.stream().filter(a -> a.error() == null).findFirst().orElseThrow();
        while (!winner.status().equals("SUCCESS")) {
            winner = handler.handleRequest(request.deepCopy(), new TestContext(30_000));
        }
        JsonNode output = winner.output();
        assertThat(output).isEqualTo(oneRun(wf));
    }

    @Test
    void aCorruptStateIsAClearError() {
        ObjectNode wf = Workflows.slowChain(2, 1);
        String id = "corrupt-" + UUID.randomUUID();
        s3.putObject(
                b -> b.bucket(S3TestResource.BUCKET).key(checkpointer.stateKey(id)),
                RequestBody.fromString("{\"no\":\"gzip\"}"));
        JsonNode r = invoke(resume(wf, id, 1_000));
        assertThat(r.path("status").asText()).isEqualTo("ERROR");
        assertThat(r.path("error").path("type").asText()).isEqualTo("state-corrupt");
        assertThat(r.path("error").path("message").asText()).contains(id).contains("corrupt");
        assertThat(r.path("executionId").asText()).isEqualTo(id);
    }

    @Test
    void aMissingStateIsAClearErrorWhenResuming() {
        ObjectNode wf = Workflows.slowChain(2, 1);
        String id = "missing-" + UUID.randomUUID();
        JsonNode r = invoke(resume(wf, id, 1_000));
        assertThat(r.path("status").asText()).isEqualTo("ERROR");
        assertThat(r.path("error").path("type").asText()).isEqualTo("state-missing");
        assertThat(r.path("error").path("message").asText())
                .contains(id)
                .contains("executions/" + id + "/state.json.gz");
        assertThat(s3.listObjectsV2(b -> b.bucket(S3TestResource.BUCKET).prefix("executions/" + id))
                        .contents())
                .isEmpty();
    }

    @Test
    void aWorkflowFromItsS3KeyRunsAndAMissingKeyIsAClearError() throws Exception {
        ObjectNode wf = Workflows.slowChain(2, 1);
        s3.putObject(
                b -> b.bucket(S3TestResource.BUCKET).key("workflows/chain.json"),
                RequestBody.fromString(wf.toString()));
        ObjectNode req = F.objectNode();
        req.put("workflowKey", "workflows/chain.json");
        req.putArray("input").addObject().put("x", 1);
        req.withArray("input").addObject().put("x", 10);
        JsonNode r = invoke(req);
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
        assertThat(r.path("output")).isEqualTo(oneRun(wf));

        req.put("workflowKey", "workflows/nope.json");
        r = invoke(req);
        assertThat(r.path("error").path("type").asText()).isEqualTo("workflow-not-found");
        assertThat(r.path("error").path("message").asText()).contains("workflows/nope.json");
    }

    @Test
    void aLongWaitParksTheExecutionAndAnswersWhenToCallAgain() {
        ObjectNode wf = Workflows.waiting(60);
        long before = System.currentTimeMillis();
        JsonNode r = invoke(start(wf, null, 2_000));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("WAITING");
        Instant wake = Instant.parse(r.path("wakeAt").asText());
        assertThat(wake.toEpochMilli()).isBetween(before + 59_000, System.currentTimeMillis() + 61_000);
        // called again too early: still waiting, nothing ran
        JsonNode early = invoke(resume(wf, r.path("executionId").asText(), 2_000));
        assertThat(early.path("status").asText()).isEqualTo("WAITING");
        assertThat(early.path("wakeAt").asText()).isEqualTo(r.path("wakeAt").asText());
        assertThat(early.path("stats").path("nodesRun").asInt()).isZero();
    }

    @Test
    void badRequestsGetAClearErrorAndStoreNothing() {
        ObjectNode wf = Workflows.slowChain(1, 1);
        record Case(String body, String type, String says) {}
        List<Case> cases = List.of(
                new Case("[1,2]", "bad-request", "must be a JSON object"),
                new Case("{}", "bad-request", "exactly one of 'workflow'"),
                new Case("{\"workflow\":" + wf + ",\"workflowKey\":\"a.json\"}", "bad-request", "exactly one of"),
                new Case("{\"workflow\":" + wf + ",\"colour\":1}", "bad-request", "unknown field 'colour'"),
                new Case("{\"workflow\":" + wf + ",\"input\":{}}", "bad-request", "'input' must be an array"),
                new Case("{\"workflow\":" + wf + ",\"input\":[3]}", "bad-request", "'input[0]' must be an object"),
                new Case("{\"workflow\":" + wf + ",\"executionId\":\"../x\"}", "bad-request", "'executionId' must be"),
                new Case("{\"workflow\":" + wf + ",\"resume\":true}", "bad-request", "needs the 'executionId'"),
                new Case("{\"workflow\":" + wf + ",\"options\":{\"timeBudgetMs\":-5}}", "bad-request", "timeBudgetMs"),
                new Case(
                        "{\"workflow\":" + wf + ",\"options\":{\"speed\":1}}",
                        "bad-request",
                        "unknown field 'options.speed'"),
                new Case("{\"workflow\":\"text\"}", "bad-request", "'workflow' must be a JSON object"),
                new Case("{\"workflowKey\":\"executions/x/state.json.gz\"}", "bad-request", "under 'workflows/'"),
                new Case("{\"workflowKey\":\"workflows/../executions/x\"}", "bad-request", "no '..'"),
                new Case(
                        "{\"workflow\":{\"nodes\":[{\"name\":\"A\",\"type\":\"hetumind.nope\"}]}}",
                        "workflow-invalid",
                        "hetumind.nope"));
        for (Case c : cases) {
            long objects =
                    s3.listObjectsV2(b -> b.bucket(S3TestResource.BUCKET)).keyCount();
            JsonNode r = invoke(c.body());
            assertThat(r.path("status").asText()).as(c.body()).isEqualTo("ERROR");
            assertThat(r.path("error").path("type").asText()).as(c.body()).isEqualTo(c.type());
            assertThat(r.path("error").path("message").asText()).as(c.body()).contains(c.says());
            assertThat(s3.listObjectsV2(b -> b.bucket(S3TestResource.BUCKET)).keyCount())
                    .as(c.body())
                    .isEqualTo(objects);
        }
    }

    @Test
    void anInvocationWithLessTimeThanTheSafetyMarginAnswersNoTimeChangesNothingAndTheNextGoesOn() throws Exception {
        ObjectNode wf = Workflows.slowChain(4, 100);
        String id = "no-time-" + UUID.randomUUID();
        // a start with less time left than the margin (200 ms in tests): nothing is stored
        RunnerResponse tooShort = handler.handleRequest(start(wf, id, 250), new TestContext(150));
        assertThat(tooShort.status()).isEqualTo("ERROR");
        assertThat(tooShort.error().type()).isEqualTo("no-time");
        assertThat(tooShort.error().message())
                .contains("less than the safety margin of 200 ms")
                .contains("hetumind.lambda.safety-margin");
        assertThat(tooShort.executionId()).isEqualTo(id);
        assertThat(objects("executions/" + id + "/")).isEmpty();

        RunnerResponse first = handler.handleRequest(start(wf, id, 250), new TestContext(30_000));
        assertThat(first.status()).as(first.toString()).isEqualTo("RUNNING");
        String etag = s3.headObject(b -> b.bucket(S3TestResource.BUCKET).key(checkpointer.stateKey(id)))
                .eTag();
        int done = first.stats().nodesTotal();

        // a later batch whose invocation has too little time left: the same answer, the state untouched
        for (int millis : new int[] {199, 50, 1}) {
            RunnerResponse r = handler.handleRequest(resume(wf, id, 250), new TestContext(millis));
            assertThat(r.status()).isEqualTo("ERROR");
            assertThat(r.error().type()).isEqualTo("no-time");
            assertThat(r.stateKey()).isEqualTo(checkpointer.stateKey(id));
        }
        assertThat(s3.headObject(b -> b.bucket(S3TestResource.BUCKET).key(checkpointer.stateKey(id)))
                        .eTag())
                .as("no-time writes nothing")
                .isEqualTo(etag);
        assertThat(nodesRun(stored(wf, id))).isEqualTo(done);

        // the next invocation with time goes on from there and ends as one uninterrupted run
        RunnerResponse r = handler.handleRequest(resume(wf, id, 250), new TestContext(30_000));
        assertThat(r.stats().nodesTotal() - r.stats().nodesRun()).isEqualTo(done);
        for (int i = 0; !r.status().equals("SUCCESS"); i++) {
            assertThat(r.status()).as(r.toString()).isEqualTo("RUNNING");
            assertThat(i).isLessThan(20);
            r = handler.handleRequest(resume(wf, id, 250), new TestContext(30_000));
        }
        assertThat(r.output()).isEqualTo(oneRun(wf));
        ExecutionState state = stored(wf, id);
        for (int i = 1; i <= 4; i++) {
            assertThat(state.runs("Step " + i)).as("Step %d ran once", i).hasSize(1);
        }
    }

    @Test
    void aNodeThatCannotFinishInOneInvocationFailsTheExecutionWithAClearError() throws Exception {
        try (LocalHttp http = new LocalHttp(new byte[0])) {
            ObjectNode wf = Workflows.slowCall(http.url("/slow"));
            String id = "too-slow-" + UUID.randomUUID();
            ExecutorService lambda = Executors.newCachedThreadPool();
            List<Future<RunnerResponse>> killed = new ArrayList<>();
            RunnerResponse answer = null;
            try {
                // Lambda's timeout is 4 s: an invocation still running then is "killed" — abandoned, as the
                // test cannot stop its thread; the fencing keeps it from writing anything after that
                for (int invocation = 0; invocation < 12 && answer == null; invocation++) {
                    // the start request each time: a start killed before it stored anything starts again
                    ObjectNode req = start(wf, id, 5_000);
                    req.putArray("input").addObject().put("x", 1); // one item: one request per try of Slow
                    TestContext ctx = new TestContext(4_000);
                    Future<RunnerResponse> f = lambda.submit(() -> handler.handleRequest(req, ctx));
                    try {
                        RunnerResponse r = f.get(4_000, TimeUnit.MILLISECONDS);
                        // as the state machine does: RUNNING and conflict call again, anything else ends
                        boolean conflict = r.error() != null && r.error().type().equals("conflict");
                        if (!r.status().equals("RUNNING") && !conflict) {
                            answer = r;
                        }
                    } catch (TimeoutException e) {
                        killed.add(f);
                    }
                }
                assertThat(answer)
                        .as("the execution ends within 12 invocations")
                        .isNotNull();
                assertThat(answer.status()).isEqualTo("ERROR");
                assertThat(answer.error().type()).as(answer.toString()).isEqualTo("node-did-not-finish");
                assertThat(answer.error().message())
                        .startsWith("node 'Slow' did not finish within one invocation")
                        .contains("2 times")
                        .contains("hetumind.lambda.safety-margin");
                assertThat(answer.error().details().path("node").asText()).isEqualTo("Slow");
                assertThat(answer.error().details().path("invocationsLost").asInt())
                        .isEqualTo(2);
                assertThat(http.slowRequests.get())
                        .as("the node ran twice (the engine's one more try after a lost worker), never a third time")
                        .isEqualTo(2);
                assertThat(killed).hasSizeGreaterThanOrEqualTo(2);
                ExecutionState state = stored(wf, id);
                assertThat(state.status()).isEqualTo(ExecutionStatus.ERROR);
                assertThat(state.runs("Step 3")).isEmpty();
                assertThat(state.error().node()).isEqualTo("Slow");

                // the killed invocations, let go on, change nothing: their writes are fenced off
                String etag = s3.headObject(b -> b.bucket(S3TestResource.BUCKET).key(checkpointer.stateKey(id)))
                        .eTag();
                http.releaseSlow();
                for (Future<RunnerResponse> f : killed) {
                    RunnerResponse late = f.get(60, TimeUnit.SECONDS);
                    if (late.error() != null) {
                        assertThat(late.error().type()).isEqualTo("conflict");
                    } else {
                        assertThat(late.status())
                                .as("an invocation that ended late anyway")
                                .isNotEqualTo("SUCCESS");
                    }
                }
                assertThat(s3.headObject(b -> b.bucket(S3TestResource.BUCKET).key(checkpointer.stateKey(id)))
                                .eTag())
                        .isEqualTo(etag);
                // and asked again, the execution stays failed, nothing runs
                RunnerResponse again = handler.handleRequest(resume(wf, id, 5_000), new TestContext(30_000));
                assertThat(again.status()).isEqualTo("ERROR");
                assertThat(again.error().type()).isEqualTo("node-did-not-finish");
                assertThat(again.error().message()).isEqualTo(answer.error().message());
                assertThat(again.stats().nodesRun()).isZero();
                assertThat(http.slowRequests.get()).isEqualTo(2);
            } finally {
                http.releaseSlow();
                lambda.shutdown();
                assertThat(lambda.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void aDownloadedFileCrossesInvocationsAsAnS3ObjectThatTheStateOnlyReferences() throws Exception {
        byte[] file = new byte[300 * 1024];
        new Random(14).nextBytes(file);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        try (LocalHttp http = new LocalHttp(file)) {
            ObjectNode wf = Workflows.downloadWaitHash(http.url("/file"), 3);
            String id = "binary-" + UUID.randomUUID();
            JsonNode r = invoke(start(wf, id, 300));
            for (int i = 0; r.path("status").asText().equals("RUNNING"); i++) {
                assertThat(i).isLessThan(20);
                r = invoke(resume(wf, id, 300));
            }
            // the Wait (3 s, far longer than the budget) ends the batch: the files are in S3, the state refers to them
            assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("WAITING");
            assertThat(http.fileRequests.get()).isEqualTo(2);
            List<String> keys = objects("executions/" + id + "/binary/");
            assertThat(keys).hasSize(2);
            for (String key : keys) {
                byte[] stored = s3.getObjectAsBytes(
                                b -> b.bucket(S3TestResource.BUCKET).key(key))
                        .asByteArray();
                assertThat(stored).isEqualTo(file);
            }
            byte[] stateObject = s3.getObjectAsBytes(
                            b -> b.bucket(S3TestResource.BUCKET).key(checkpointer.stateKey(id)))
                    .asByteArray();
            String state;
            try (var in = new GZIPInputStream(new ByteArrayInputStream(stateObject))) {
                state = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            assertThat(state.length())
                    .as("the state is far smaller than one file")
                    .isLessThan(file.length / 10);
            System.out.printf(
                    "figures: 2 files of %d bytes in S3; state object %d bytes gzipped, %d bytes of JSON%n",
                    file.length, stateObject.length, state.length());
            for (int at : new int[] {0, 4096, file.length - 64}) {
                byte[] window = Arrays.copyOfRange(file, at, at + 48);
                assertThat(state)
                        .doesNotContain(new String(window, StandardCharsets.ISO_8859_1))
                        .doesNotContain(Base64.getEncoder().encodeToString(window))
                        .doesNotContain(HexFormat.of().formatHex(window));
            }
            for (String key : keys) {
                assertThat(state).contains(id + "/" + key.substring(key.lastIndexOf('/') + 1));
            }

            // the next invocation after the wake-up reads both files back from S3
            Instant wake = Instant.parse(r.path("wakeAt").asText());
            Thread.sleep(Math.max(0, wake.toEpochMilli() - System.currentTimeMillis()) + 50);
            r = invoke(resume(wf, id, 5_000));
            for (int i = 0; !r.path("status").asText().equals("SUCCESS"); i++) {
                assertThat(r.path("status").asText()).as(r.toString()).isIn("RUNNING", "WAITING");
                assertThat(i).isLessThan(20);
                Thread.sleep(100);
                r = invoke(resume(wf, id, 5_000));
            }
            assertThat(r.path("output")).hasSize(2);
            for (JsonNode item : r.path("output")) {
                assertThat(item.path("sha256").asText()).isEqualTo(sha256);
            }
            Path dir = Files.createTempDirectory("lambda14-binary");
            assertThat(r.path("output"))
                    .isEqualTo(oneRun(
                            wf,
                            RunRequest.defaults()
                                    .withService(BinaryStore.class, new FileBinaryStore(dir, Long.MAX_VALUE))));
            assertThat(http.fileRequests.get())
                    .as("2 in the batches, 2 in the plain run")
                    .isEqualTo(4);
            ExecutionState done = stored(wf, id);
            assertThat(done.runs("Download")).hasSize(1);
            assertThat(done.runs("Hash")).hasSize(1);
            // the files stay beside the state until the bucket's lifecycle rule expires executions/
            assertThat(objects("executions/" + id + "/binary/")).isEqualTo(keys);
        }
    }

    @Test
    void aFileExpiredBeforeTheBatchThatReadsItFailsTheExecutionNamingIt() throws Exception {
        try (LocalHttp http = new LocalHttp("a file".getBytes(StandardCharsets.UTF_8))) {
            ObjectNode wf = Workflows.downloadWaitHash(http.url("/file"), 3);
            String id = "expired-" + UUID.randomUUID();
            JsonNode r = invoke(start(wf, id, 300));
            for (int i = 0; r.path("status").asText().equals("RUNNING"); i++) {
                assertThat(i).isLessThan(20);
                r = invoke(resume(wf, id, 300));
            }
            assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("WAITING");
            List<String> keys = objects("executions/" + id + "/binary/");
            assertThat(keys).hasSize(2);
            // as the lifecycle rule does to an object older than the retention, while the state is younger
            for (String key : keys) {
                s3.deleteObject(b -> b.bucket(S3TestResource.BUCKET).key(key));
            }
            Thread.sleep(
                    Math.max(0, Instant.parse(r.path("wakeAt").asText()).toEpochMilli() - System.currentTimeMillis())
                            + 50);
            r = invoke(resume(wf, id, 5_000));
            for (int i = 0; !r.path("status").asText().equals("ERROR"); i++) {
                assertThat(r.path("status").asText()).as(r.toString()).isIn("RUNNING", "WAITING");
                assertThat(i).isLessThan(20);
                Thread.sleep(100);
                r = invoke(resume(wf, id, 5_000));
            }
            assertThat(r.path("error").path("type").asText()).isEqualTo("execution-failed");
            assertThat(r.path("error").path("message").asText())
                    .startsWith("node 'Hash': ")
                    .contains("binary data '" + id + "/")
                    .contains("is gone");
        }
    }

    @Test
    void nodesCannotReachCloudMetadataLinkLocalOrPrivateAddressesFromTheFunction() {
        // the tests allow loopback (their own HTTP servers); everything else not public stays refused, as on Lambda
        for (String url :
                List.of("http://169.254.169.254/latest/meta-data/", "http://169.254.1.1:9001/", "http://10.0.0.1:9/")) {
            JsonNode r = invoke(start(Workflows.slowCall(url), null, 5_000));
            assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("ERROR");
            assertThat(r.path("error").path("message").asText())
                    .as(url)
                    .startsWith("node 'Slow': ")
                    .contains("refused");
        }
    }

    @Test
    void aNewExecutionWithoutAnIdGetsARandomUuidNotATimeOrderedOne() {
        JsonNode r = invoke(start(Workflows.slowChain(1, 1), null, 5_000));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
        UUID id = UUID.fromString(r.path("executionId").asText());
        assertThat(id.version())
                .as("SecureRandom's UUID (safe across a SnapStart restore)")
                .isEqualTo(4);
    }

    @Test
    void anOutputLargerThanTheInlineLimitIsAnsweredByItsS3Key() throws Exception {
        // 2 items of 120 000 characters each: over the 200 000 bytes answered inline
        ObjectNode wf = Workflows.slowChain(1, 1);
        ((ObjectNode) wf.path("nodes").get(1).path("parameters"))
                .put(
                        "jsCode",
                        "return $input.all().map(function (i) { return {json: {x: i.json.x,"
                                + " big: new Array(120001).join('y')}}; });");
        String id = "big-" + UUID.randomUUID();
        JsonNode r = invoke(start(wf, id, 5_000));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
        assertThat(r.has("output")).isFalse();
        assertThat(r.path("outputKey").asText()).isEqualTo("executions/" + id + "/output.json");
        JsonNode stored = JSON.readTree(s3.getObjectAsBytes(b ->
                        b.bucket(S3TestResource.BUCKET).key(r.path("outputKey").asText()))
                .asUtf8String());
        assertThat(stored).isEqualTo(oneRun(wf));
        assertThat(stored.get(0).path("big").asText()).hasSize(120_000);
    }

    @Test
    void pinnedOutputIsUsedInManualModeOnly() throws Exception {
        ObjectNode wf = Workflows.slowChain(2, 1);
        wf.putObject("pinData")
                .putArray("Step 1")
                .addObject()
                .putObject("json")
                .put("x", 7)
                .put("trail", "pinned;");
        ObjectNode manual = start(wf, null, 5_000);
        ((ObjectNode) manual.path("options")).put("mode", "manual");
        JsonNode r = invoke(manual);
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
        assertThat(r.path("output")).hasSize(1);
        assertThat(r.path("output").get(0).path("trail").asText()).isEqualTo("pinned;2;");
        assertThat(r.path("output").get(0).path("sum").asInt()).isEqualTo(14);

        ObjectNode trigger = start(wf, null, 5_000);
        ((ObjectNode) trigger.path("options")).put("mode", "trigger");
        JsonNode t = invoke(trigger);
        assertThat(t.path("status").asText()).as(t.toString()).isEqualTo("SUCCESS");
        assertThat(t.path("output")).isEqualTo(oneRun(wf));
        assertThat(t.path("output").get(1).path("trail").asText()).isEqualTo("1;2;");
    }

    private List<String> objects(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(S3TestResource.BUCKET).prefix(prefix)).contents().stream()
                .map(o -> o.key())
                .sorted()
                .toList();
    }

    private static int nodesRun(ExecutionState state) {
        int n = 0;
        for (String node : state.executedNodes()) {
            n += state.runs(node).size();
        }
        return n;
    }

    /** The runtime's view of one invocation: only the remaining time matters to the handler. */
    record TestContext(long deadline) implements Context {
        TestContext(int millis) {
            this(System.currentTimeMillis() + millis);
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) (deadline - System.currentTimeMillis());
        }

        @Override
        public String getAwsRequestId() {
            return UUID.randomUUID().toString();
        }

        @Override
        public String getLogGroupName() {
            return "test";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "hetumind-runner";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:hetumind-runner";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
