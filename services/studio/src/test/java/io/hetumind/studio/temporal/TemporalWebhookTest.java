package io.hetumind.studio.temporal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.execution.ExecutionService;
import io.hetumind.studio.execution.LiveEvents;
import io.hetumind.studio.live.Notices;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.testsupport.RunDataTimes;
import io.hetumind.studio.testsupport.TemporalByDefault;
import io.hetumind.studio.testsupport.TestTemporal;
import io.hetumind.studio.trigger.Triggers;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Webhook runs on a studio configured for Temporal ({@link TemporalByDefault}): Respond to Webhook answers the caller
 * from whichever worker ran it (through the run-data store and the workflow's {@code awaitAnswer} update), before the
 * run ends; {@code lastNode} answers with the last node's data; a run that ends without answering, fails, or outlasts
 * the response timeout gets the native answer. Each run is recorded as run by Temporal, with the run data a native run
 * of the same request records.
 */
@QuarkusTest
@TestProfile(TemporalByDefault.class)
@WithTestResource(IamAndDatabase.class)
class TemporalWebhookTest {
    private static WorkflowServiceStubs service;
    private static WorkflowClient temporal;

    @Inject
    Triggers triggers;

    @Inject
    ExecutionService executions;

    @Inject
    DataSource db;

    private final String token = Iam.newTenant().ownerToken();
    private final UUID tenant = Fixtures.tenantOf(token);

    @BeforeAll
    static void connect() {
        service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(System.getProperty(TestTemporal.TARGET))
                .build());
        temporal = WorkflowClient.newInstance(service);
    }

    @AfterAll
    static void close() {
        service.shutdownNow();
    }

    private UUID activate(String json) {
        StoredWorkflow wf = Fixtures.save(db, tenant, json);
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        return wf.workflowId();
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The one execution of {@code workflow} once it has ended: its id and the backend its launch names. */
    private Ran ended(UUID workflow) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try (Connection c = db.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT id, status, launch->>'executor' FROM execution WHERE workflow_id = ?")) {
                ps.setObject(1, workflow);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && List.of("success", "error", "canceled").contains(rs.getString(2))) {
                        Ran ran = new Ran(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3));
                        assertThat(rs.next()).as("one execution").isFalse();
                        return ran;
                    }
                }
            }
            assertThat(System.currentTimeMillis()).as("the execution ends").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private record Ran(String id, String status, String executor) {}

    private static WorkflowExecutionStatus temporalStatus(String executionId) {
        return temporal.newUntypedWorkflowStub(executionId)
                .describe()
                .getWorkflowExecutionInfo()
                .getStatus();
    }

    /** That the execution ran as the Temporal workflow named by its id, and its record says so. */
    private static void ranOnTemporal(Ran ran) {
        assertThat(ran.executor()).as("recorded as a Temporal run").isEqualTo("temporal");
        assertThat(temporalStatus(ran.id())).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    }

    private JsonNode detail(String id) {
        return Json.parse(given().auth()
                .oauth2(token)
                .get("/api/v1/executions/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void respondToWebhookAnswersFromTheWorkerWithTheNodesCodeHeaderAndBody() throws Exception {
        String path = unique("respond");
        UUID wf = activate(Flows.respond(path, 0));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Grace\"}")
                .post("/webhook/" + path)
                .then()
                .statusCode(201)
                .header("x-flow", "respond")
                .contentType(ContentType.JSON)
                .body("greeting", equalTo("hello Grace"));
        Ran ran = ended(wf);
        assertThat(ran.status()).isEqualTo("success");
        ranOnTemporal(ran);

        // the same request run natively (its trigger item as the Temporal run recorded it) records the same run data
        JsonNode onTemporal = detail(ran.id());
        Item request = Item.of((ObjectNode) onTemporal.at("/runData/Webhook/0/data/main/0/0/json"));
        CompletableFuture<WebhookResponse> answered = new CompletableFuture<>();
        Executions.StartedExecution natively = executions.start(new Executions.Launch(
                tenant,
                wf,
                1,
                "webhook",
                "Webhook",
                List.of(request),
                Executions.Placement.INLINE,
                Map.of(WebhookResponder.class, (WebhookResponder) (id, r) -> answered.complete(r)),
                null,
                null,
                null,
                Backend.NATIVE));
        assertThat(natively.result()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS)
                        .status())
                .isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(answered.get(1, TimeUnit.SECONDS).status()).isEqualTo(201);
        JsonNode nativeDetail = detail(natively.executionId());
        assertThat(RunDataTimes.comparable(onTemporal)).isEqualTo(RunDataTimes.comparable(nativeDetail));
        assertThat(onTemporal.path("lastNodeExecuted").asText())
                .isEqualTo(nativeDetail.path("lastNodeExecuted").asText());
        assertThat(onTemporal.path("mode").asText()).isEqualTo("webhook");
    }

    @Test
    void theAnswerComesBeforeTheSlowNodeAfterTheRespondNodeEnds() throws Exception {
        // a warm-up run first, so the measured one is not slowed by compiling the expression on a loaded machine
        String warm = unique("warm");
        activate(Flows.respond(warm, 0));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .post("/webhook/" + warm)
                .then()
                .statusCode(201);
        String path = unique("early");
        UUID wf = activate(Flows.respond(path, 4));
        long t0 = System.nanoTime();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Linus\"}")
                .post("/webhook/" + path)
                .then()
                .statusCode(201)
                .body("greeting", equalTo("hello Linus"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // the Wait node after Respond to Webhook holds the run for 4 s; had the answer waited for it, ms >= 4000
        assertThat(ms).isLessThan(3_500);
        Ran ran = ended(wf);
        assertThat(ran.status()).isEqualTo("success");
        ranOnTemporal(ran);
        assertThat(detail(ran.id()).at("/runData/Slow/0/executionStatus").asText())
                .isEqualTo("success");
    }

    /** Webhook (lastNode) → Code (30 items) → Loop Over Items one by one → Work → back; when done → Done. */
    private static String longLoop(String path) {
        return """
                {"name":"long loop","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"POST","responseMode":"lastNode",
                   "responseData":"firstEntryJson","options":{}}},
                 {"id":"2","name":"Items","type":"hetumind.code","typeVersion":2,"position":[200,0],
                  "parameters":{"jsCode":"return Array.from({length: 30}, (_, i) => ({json: {n: i + 1}}));"}},
                 {"id":"3","name":"Loop Over Items","type":"n8n-nodes-base.splitInBatches","typeVersion":3,
                  "position":[400,0],"parameters":{"batchSize":1,"options":{}}},
                 {"id":"4","name":"Work","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[600,100],
                  "parameters":{"includeOtherFields":true,"assignments":{"assignments":[{"id":"a","name":"squared",
                    "value":"={{ $json.n * $json.n }}","type":"number"}]},"options":{}}},
                 {"id":"5","name":"Done","type":"hetumind.code","typeVersion":2,"position":[600,-100],
                  "parameters":{"jsCode":"return [{json: {count: $input.all().length, sum: $input.all().reduce((a, i) => a + i.json.squared, 0)}}];"}}],
                 "connections":{"Webhook":{"main":[[{"node":"Items","type":"main","index":0}]]},
                  "Items":{"main":[[{"node":"Loop Over Items","type":"main","index":0}]]},
                  "Loop Over Items":{"main":[[{"node":"Done","type":"main","index":0}],
                                             [{"node":"Work","type":"main","index":0}]]},
                  "Work":{"main":[[{"node":"Loop Over Items","type":"main","index":0}]]}},
                 "settings":{"executionOrder":"v1"}}
                """
                .formatted(path);
    }

    @Test
    void aLongRunContinuesAsNewAndAnswersAndRecordsAsNatively() throws Exception {
        String path = unique("long");
        UUID wf = activate(longLoop(path));
        Connection listener = db.getConnection();
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN " + LiveEvents.CHANNEL);
        }
        given().contentType(ContentType.JSON)
                .body("{\"go\":1}")
                .post("/webhook/" + path)
                .then()
                .statusCode(200)
                .body("count", equalTo(30))
                .body("sum", equalTo(9455));
        Ran ran = ended(wf);
        assertThat(ran.status()).isEqualTo("success");
        ranOnTemporal(ran);
        History last = temporal.fetchHistory(ran.id()).getHistory();
        assertThat(last.getEvents(0)
                        .getWorkflowExecutionStartedEventAttributes()
                        .getContinuedExecutionRunId())
                .as("its last Temporal run went on from an earlier one (continue-as-new)")
                .isNotEmpty();
        assertThat(storedRows(ran.id()))
                .as("continuations left with the queue row too")
                .isZero();

        // the same request run natively records the same run data
        JsonNode onTemporal = detail(ran.id());
        Item request = Item.of((ObjectNode) onTemporal.at("/runData/Webhook/0/data/main/0/0/json"));
        Executions.StartedExecution natively = executions.start(new Executions.Launch(
                tenant,
                wf,
                1,
                "webhook",
                "Webhook",
                List.of(request),
                Executions.Placement.INLINE,
                Map.of(),
                null,
                null,
                null,
                Backend.NATIVE));
        assertThat(natively.result()
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS)
                        .status())
                .isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(RunDataTimes.comparable(onTemporal))
                .isEqualTo(RunDataTimes.comparable(detail(natively.executionId())));

        // and the live feed said the same of both (a webhook run nobody watches: its end only)
        Map<String, List<String>> heard = new java.util.HashMap<>();
        try (listener) {
            PGConnection pg = listener.unwrap(PGConnection.class);
            for (long end = System.currentTimeMillis() + 10_000;
                    System.currentTimeMillis() < end
                            && !(heard.getOrDefault(ran.id(), List.of()).contains("status:null:success")
                                    && heard.getOrDefault(natively.executionId(), List.of())
                                            .contains("status:null:success")); ) {
                PGNotification[] got = pg.getNotifications(200);
                for (PGNotification n : got == null ? new PGNotification[0] : got) {
                    for (String event : Notices.unpack(n.getParameter())) {
                        JsonNode e = Json.parse(event);
                        heard.computeIfAbsent(e.path("executionId").asText(), k -> new ArrayList<>())
                                .add(e.path("type").asText() + ":"
                                        + e.path("node").asText() + ":"
                                        + e.path("status").asText());
                    }
                }
            }
        }
        assertThat(heard.get(ran.id())).contains("status:null:success");
        assertThat(heard.get(ran.id())).isEqualTo(heard.get(natively.executionId()));
    }

    /**
     * The same long loop answered by Respond to Webhook after it: the caller waits through every generation (its wait
     * is handed on at each continue-as-new) and gets the one answer the last generation gives.
     */
    @Test
    void aCallerWaitingForRespondToWebhookIsAnsweredAcrossContinueAsNew() throws Exception {
        String path = unique("long-answer");
        ObjectNode doc = (ObjectNode) Json.parse(longLoop(path));
        ((ObjectNode) doc.at("/nodes/0/parameters")).put("responseMode", "responseNode");
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.path("nodes"))
                .add(
                        Json.parse(
                                """
                        {"id":"6","name":"Respond","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,
                         "position":[800,-100],"parameters":{"respondWith":"text",
                          "responseBody":"={{ 'sum ' + $json.sum }}","options":{"responseCode":201}}}"""));
        ((ObjectNode) doc.path("connections"))
                .set("Done", Json.parse("{\"main\":[[{\"node\":\"Respond\",\"type\":\"main\",\"index\":0}]]}"));
        UUID wf = activate(Json.write(doc));
        given().contentType(ContentType.JSON)
                .body("{\"go\":1}")
                .post("/webhook/" + path)
                .then()
                .statusCode(201)
                .body(equalTo("sum 9455"));
        Ran ran = ended(wf);
        assertThat(ran.status()).isEqualTo("success");
        ranOnTemporal(ran);
        History last = temporal.fetchHistory(ran.id()).getHistory();
        assertThat(last.getEvents(0)
                        .getWorkflowExecutionStartedEventAttributes()
                        .getContinuedExecutionRunId())
                .as("the run continued as new while its caller waited")
                .isNotEmpty();
        assertThat(detail(ran.id()).at("/runData/Respond").size()).isEqualTo(1);
        assertThat(storedRows(ran.id())).isZero();
    }

    @Test
    void lastNodeAnswersWithTheLastNodesData() throws Exception {
        String path = unique("last");
        UUID wf = activate(Flows.lastNode(path, "POST", "firstEntryJson"));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Ada\"}")
                .post("/webhook/" + path)
                .then()
                .statusCode(202)
                .body("body.name", equalTo("Ada"))
                .body("seen", equalTo(true))
                .body("executionMode", equalTo("production"));
        ranOnTemporal(ended(wf));
        String all = unique("all");
        UUID allWf = activate(Flows.lastNode(all, "GET", "allEntries"));
        given().get("/webhook/" + all)
                .then()
                .statusCode(202)
                .body("size()", equalTo(1))
                .body("[0].seen", equalTo(true));
        ranOnTemporal(ended(allWf));
    }

    @Test
    void lastNodeAnswersWithTheFirstEntrysBinary() throws Exception {
        String files = unique("files");
        UUID wf = activate(Flows.webhookOnly("{\"path\":\"" + files + "\",\"httpMethod\":\"POST\",\"responseMode\":"
                + "\"lastNode\",\"responseData\":\"firstEntryBinary\",\"responseBinaryPropertyName\":\"picture\"}"));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
        byte[] echoed = given().multiPart("caption", "a picture")
                .multiPart("picture", "tiny.png", png, "image/png")
                .post("/webhook/" + files)
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
        assertThat(echoed)
                .as("the upload, kept under the execution, read back from the run's item")
                .isEqualTo(png);
        ranOnTemporal(ended(wf));
    }

    @Test
    void onReceivedAnswersAtOnceAndTheRunGoesOnOnTemporal() throws Exception {
        String path = unique("now");
        UUID wf =
                activate(Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"POST\",\"responseCode\":202}"));
        given().contentType(ContentType.JSON)
                .body("{\"a\":1}")
                .post("/webhook/" + path)
                .then()
                .statusCode(202)
                .body("message", equalTo("Workflow was started"));
        ranOnTemporal(ended(wf));
    }

    @Test
    void aRunEndingWithoutAnAnswerGetsTheNativeAnswers() throws Exception {
        // responseNode mode, but no Respond to Webhook node: n8n's "Workflow executed successfully"
        String quiet = unique("quiet");
        UUID quietWf = activate(Flows.webhookOnly("{\"path\":\"" + quiet
                + "\",\"httpMethod\":\"POST\",\"responseMode\":\"responseNode\",\"options\":{}}"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/webhook/" + quiet)
                .then()
                .statusCode(200)
                .body("message", equalTo("Workflow executed successfully"));
        ranOnTemporal(ended(quietWf));

        // a run that fails before its Respond to Webhook node: "Error in workflow", 500
        String failing = unique("failing");
        UUID failingWf = activate(
                """
                {"name":"fails","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"POST","responseMode":"responseNode","options":{}}},
                 {"id":"2","name":"Boom","type":"hetumind.code","typeVersion":2,"position":[200,0],
                  "parameters":{"jsCode":"throw new Error('boom');"}},
                 {"id":"3","name":"Respond to Webhook","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,
                  "position":[400,0],"parameters":{"respondWith":"firstIncomingItem","options":{}}}],
                 "connections":{"Webhook":{"main":[[{"node":"Boom","type":"main","index":0}]]},
                  "Boom":{"main":[[{"node":"Respond to Webhook","type":"main","index":0}]]}}}
                """
                        .formatted(failing));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/webhook/" + failing)
                .then()
                .statusCode(500)
                .body("message", equalTo("Error in workflow"));
        Ran ran = ended(failingWf);
        assertThat(ran.status()).isEqualTo("error");
        ranOnTemporal(ran);
    }

    @Test
    void anAnswerLaterThanTheResponseTimeoutIsA504AndTheRunGoesOn() throws Exception {
        // Wait 22 s, then Respond to Webhook: the caller gives up at the profile's 20 s as natively
        String path = unique("late");
        UUID wf = activate(
                """
                {"name":"late","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"POST","responseMode":"responseNode","options":{}}},
                 {"id":"2","name":"Hold","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[200,0],
                  "parameters":{"resume":"timeInterval","amount":22,"unit":"seconds"}},
                 {"id":"3","name":"Respond to Webhook","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,
                  "position":[400,0],"parameters":{"respondWith":"firstIncomingItem","options":{}}}],
                 "connections":{"Webhook":{"main":[[{"node":"Hold","type":"main","index":0}]]},
                  "Hold":{"main":[[{"node":"Respond to Webhook","type":"main","index":0}]]}}}
                """
                        .formatted(path));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/webhook/" + path)
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hetumind.io/problems/webhook-timeout"));
        Ran ran = ended(wf);
        assertThat(ran.status()).as("the run goes on after the caller gave up").isEqualTo("success");
        ranOnTemporal(ran);
        assertThat(storedRows(ran.id()))
                .as("its run data left the store with its queue row")
                .isZero();
    }

    private int storedRows(String executionId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM temporal_run_data WHERE execution_id = ?")) {
            ps.setObject(1, UUID.fromString(executionId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
