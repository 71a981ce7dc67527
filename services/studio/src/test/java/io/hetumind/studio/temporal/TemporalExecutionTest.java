package io.hetumind.studio.temporal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.execution.ExecutionRunner;
import io.hetumind.studio.execution.ExecutionService;
import io.hetumind.studio.execution.LiveEvents;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.RunDataTimes;
import io.hetumind.studio.testsupport.TestTemporal;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.testservice.v1.SleepRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.TestServiceStubs;
import io.temporal.serviceclient.TestServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Executions on Temporal in the studio, against Temporal's in-process test server ({@link TestTemporal}) in the one
 * shared app: the record, its status and its run data read exactly as a native run's of the same workflow, a one-day
 * Wait ends in skipped time, cancel stops the Temporal workflow, and the item data kept outside Temporal's history is
 * tenant-stamped and goes with the execution's queue row.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemporalExecutionTest {

    /** Trigger → Code (three items) → Set (an expression per item) → Code (sum of all items). */
    private static final String CHAIN =
            """
            {"name": "Chain", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "p", "name": "Prepare", "type": "hetumind.code", "typeVersion": 2, "position": [200, 0],
               "parameters": {"jsCode": "return [1, 2, 3].map(n => ({json: {n, who: $input.first().json.name}}));"}},
              {"id": "g", "name": "Greet", "type": "hetumind.set", "typeVersion": 3.4, "position": [400, 0],
               "parameters": {"mode": "manual", "includeOtherFields": true, "assignments": {"assignments": [
                 {"id": "a1", "name": "greeting", "value": "={{ 'Hello ' + $json.who + ' #' + $json.n }}", "type": "string"}]}, "options": {}}},
              {"id": "s", "name": "Sum", "type": "hetumind.code", "typeVersion": 2, "position": [600, 0],
               "parameters": {"jsCode": "return [{json: {total: $input.all().reduce((a, i) => a + i.json.n, 0)}}];"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Prepare", "type": "main", "index": 0}]]},
                             "Prepare": {"main": [[{"node": "Greet", "type": "main", "index": 0}]]},
                             "Greet": {"main": [[{"node": "Sum", "type": "main", "index": 0}]]}}}
            """;

    private static WorkflowServiceStubs service;
    private static WorkflowClient temporal;

    @Inject
    ExecutionService executions;

    @Inject
    DataSource db;

    @Inject
    Engine engine;

    @Inject
    ExecutionRunner runner;

    @Inject
    LiveEvents live;

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

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Manual Trigger → Wait with {@code parameters} → Set. */
    private static String waitFor(String parameters) {
        return """
            {"name": "Waits", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "w", "name": "Wait", "type": "hetumind.wait", "typeVersion": 1.1, "position": [200, 0], "parameters": %s},
              {"id": "e", "name": "After", "type": "hetumind.set", "typeVersion": 3.4, "position": [400, 0],
               "parameters": {"mode": "manual", "includeOtherFields": true, "assignments": {"assignments": [
                 {"id": "a1", "name": "done", "value": "yes", "type": "string"}]}, "options": {}}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Wait", "type": "main", "index": 0}]]},
                             "Wait": {"main": [[{"node": "After", "type": "main", "index": 0}]]}}}
            """
                .formatted(parameters);
    }

    /** Starts an execution on Temporal as the execute endpoint starts one, queued for any worker. */
    private String startOnTemporal(UUID tenant, UUID workflow, Map<String, Object> item) {
        return startOnTemporal(tenant, workflow, item, "manual");
    }

    private String startOnTemporal(UUID tenant, UUID workflow, Map<String, Object> item, String mode) {
        Executions.Launch launch = new Executions.Launch(
                tenant,
                workflow,
                1,
                mode,
                null,
                List.of(Item.of((ObjectNode) Json.valueToTree(item))),
                Executions.Placement.QUEUED,
                Map.of(),
                null,
                null,
                null,
                Backend.TEMPORAL);
        return executions.start(launch).executionId();
    }

    private static JsonNode awaitStatus(String token, String id, String... statuses) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            JsonNode detail =
                    Json.parse(as(token).get("/api/v1/executions/" + id).asString());
            if (List.of(statuses).contains(detail.path("status").asText()) || System.currentTimeMillis() > deadline) {
                return detail;
            }
            Thread.sleep(50);
        }
    }

    private static WorkflowExecutionStatus temporalStatus(String executionId) {
        return temporal.newUntypedWorkflowStub(executionId)
                .describe()
                .getWorkflowExecutionInfo()
                .getStatus();
    }

    /** The tenants of the execution's rows in the run-data store (one per row). */
    private List<UUID> storedRows(String executionId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT tenant_id FROM temporal_run_data WHERE execution_id = ?")) {
            ps.setObject(1, UUID.fromString(executionId));
            try (ResultSet rs = ps.executeQuery()) {
                List<UUID> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
                return out;
            }
        }
    }

    @Test
    void recordsTheSameRunAsANativeRunOfTheSameWorkflow() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID wf = Fixtures.save(db, tenant, CHAIN).workflowId();
        Connection listener = db.getConnection();
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN " + LiveEvents.CHANNEL);
        }

        String nativeId = as(token)
                .body(Map.of("data", Map.of("name", "Ada"), "mode", "queued"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .path("executionId");
        String temporalId = startOnTemporal(tenant, wf, Map.of("name", "Ada"));

        JsonNode onTemporal = awaitStatus(token, temporalId, "success", "error", "canceled");
        JsonNode natively = awaitStatus(token, nativeId, "success", "error", "canceled");
        assertThat(onTemporal.path("status").asText()).isEqualTo("success");
        assertThat(onTemporal.path("lastNodeExecuted").asText()).isEqualTo("Sum");
        assertThat(onTemporal.path("mode").asText())
                .isEqualTo(natively.path("mode").asText());
        assertThat(RunDataTimes.comparable(onTemporal)).isEqualTo(RunDataTimes.comparable(natively));
        assertThat(onTemporal.at("/runData/Sum/0/data/main/0/0/json/total").asInt())
                .isEqualTo(6);
        assertThat(onTemporal.at("/runData/Greet/0/inputData/main/0/2/json/n").asInt())
                .as("the detail view rebuilds each node's input as for a native run")
                .isEqualTo(3);

        assertThat(temporalStatus(temporalId))
                .as("it ran as the Temporal workflow named by the execution id")
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        assertThat(storedRows(temporalId))
                .as("its item data left the run-data store with its queue row")
                .isEmpty();

        // listed, counted and deleted like any execution
        as(token)
                .queryParam("workflowId", wf.toString())
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2));
        JsonNode stats = Json.parse(as(token)
                .get("/api/v1/workflows/" + wf + "/statistics?window=1h")
                .asString());
        assertThat(stats.at("/byStatus/success").asInt()).isEqualTo(2);
        as(token).delete("/api/v1/executions/" + temporalId).then().statusCode(204);
        as(token).get("/api/v1/executions/" + temporalId).then().statusCode(404);

        // the live feed heard each node of the Temporal run from the worker that ran it, then its end once recorded
        List<String> heard = new ArrayList<>();
        try (listener) {
            PGConnection pg = listener.unwrap(PGConnection.class);
            for (long end = System.currentTimeMillis() + 10_000;
                    System.currentTimeMillis() < end && !heard.contains("status:null:success"); ) {
                PGNotification[] got = pg.getNotifications(200);
                for (PGNotification n : got == null ? new PGNotification[0] : got) {
                    for (String event : io.hetumind.studio.live.Notices.unpack(n.getParameter())) {
                        JsonNode e = Json.parse(event);
                        if (temporalId.equals(e.path("executionId").asText())) {
                            assertThat(e.path("tenantId").asText()).isEqualTo(tenant.toString());
                            heard.add(e.path("type").asText() + ":"
                                    + e.path("node").asText() + ":"
                                    + e.path("status").asText());
                        }
                    }
                }
            }
        }
        assertThat(heard)
                .containsSubsequence(
                        "nodeStarted:Prepare:running",
                        "nodeFinished:Prepare:success",
                        "nodeStarted:Greet:running",
                        "nodeFinished:Greet:success",
                        "nodeStarted:Sum:running",
                        "nodeFinished:Sum:success",
                        "status:null:success");
    }

    /** A vector store (root, insert mode) loading and embedding a text with the local model: no credentials needed. */
    private static final String CLUSTER =
            """
            {"name": "Cluster", "nodes": [
              {"id": "t", "name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "v", "name": "Store", "type": "hetumind.vectorStoreInMemory", "typeVersion": 1.3, "position": [200, 0],
               "parameters": {"mode": "insert", "memoryKey": "temporal-live", "clearStore": true}},
              {"id": "e", "name": "Local Embeddings", "type": "hetumind.embeddingsLocal", "typeVersion": 1, "position": [200, 200], "parameters": {}},
              {"id": "l", "name": "Loader", "type": "hetumind.documentDefaultDataLoader", "typeVersion": 1.1, "position": [400, 200],
               "parameters": {"jsonMode": "expressionData", "jsonData": "={{ $json.text }}"}}
            ], "connections": {
              "Start": {"main": [[{"node": "Store", "type": "main", "index": 0}]]},
              "Local Embeddings": {"ai_embedding": [[{"node": "Store", "type": "ai_embedding", "index": 0}]]},
              "Loader": {"ai_document": [[{"node": "Store", "type": "ai_document", "index": 0}]]}
            }}
            """;

    @Test
    void theSubNodeCallsOfARootOnTemporalAreLiveAsTheyStartAndEnd() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID wf = Fixtures.save(db, tenant, CLUSTER).workflowId();
        List<String> heard = new ArrayList<>();
        try (Connection listener = db.getConnection()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN " + LiveEvents.CHANNEL);
            }
            String id = startOnTemporal(tenant, wf, Map.of("text", "Temporal lights sub-nodes up."));
            PGConnection pg = listener.unwrap(PGConnection.class);
            for (long end = System.currentTimeMillis() + 30_000;
                    System.currentTimeMillis() < end && !heard.contains("status:null:success"); ) {
                PGNotification[] got = pg.getNotifications(200);
                for (PGNotification n : got == null ? new PGNotification[0] : got) {
                    for (String event : io.hetumind.studio.live.Notices.unpack(n.getParameter())) {
                        JsonNode e = Json.parse(event);
                        if (id.equals(e.path("executionId").asText())) {
                            heard.add(e.path("type").asText() + ":"
                                    + e.path("node").asText() + ":"
                                    + e.path("status").asText());
                        }
                    }
                }
            }
        }
        assertThat(heard)
                .containsSubsequence(
                        "nodeStarted:Store:running",
                        "nodeStarted:Loader:running",
                        "nodeFinished:Loader:success",
                        "nodeStarted:Local Embeddings:running",
                        "nodeFinished:Local Embeddings:success",
                        "nodeFinished:Store:success",
                        "status:null:success");
    }

    /** Execute Workflow Trigger → Set (the square of {@code n}). */
    private static final String SQUARE =
            """
            {"name": "Square", "nodes": [
              {"id": "i", "name": "In", "type": "hetumind.executeWorkflowTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "q", "name": "Square", "type": "hetumind.set", "typeVersion": 3.4, "position": [200, 0],
               "parameters": {"mode": "manual", "includeOtherFields": true, "assignments": {"assignments": [
                 {"id": "a1", "name": "square", "value": "={{ $json.n * $json.n }}", "type": "number"}]}, "options": {}}}],
             "connections": {"In": {"main": [[{"node": "Square", "type": "main", "index": 0}]]}}}
            """;

    /** Manual Trigger → Code (three items) → Execute Workflow ({@code child}, once per item) → Code (sum). */
    private static String callsEach(UUID child) {
        return """
            {"name": "Calls", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "p", "name": "Prepare", "type": "hetumind.code", "typeVersion": 2, "position": [200, 0],
               "parameters": {"jsCode": "return [1, 2, 3].map(n => ({json: {n}}));"}},
              {"id": "c", "name": "Call", "type": "hetumind.executeWorkflow", "typeVersion": 1.2, "position": [400, 0],
               "parameters": {"source": "database", "workflowId": {"__rl": true, "value": "%s", "mode": "id"}, "mode": "each",
                              "options": {}}},
              {"id": "s", "name": "Sum", "type": "hetumind.code", "typeVersion": 2, "position": [600, 0],
               "parameters": {"jsCode": "return [{json: {total: $input.all().reduce((a, i) => a + i.json.square, 0)}}];"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Prepare", "type": "main", "index": 0}]]},
                             "Prepare": {"main": [[{"node": "Call", "type": "main", "index": 0}]]},
                             "Call": {"main": [[{"node": "Sum", "type": "main", "index": 0}]]}}}
            """
                .formatted(child);
    }

    @Test
    void subWorkflowsRunAsChildWorkflowsWithTheSameRunDataAsNatively() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID child = Fixtures.save(db, tenant, SQUARE).workflowId();
        UUID wf = Fixtures.save(db, tenant, callsEach(child)).workflowId();

        String nativeId = as(token)
                .body(Map.of("data", Map.of(), "mode", "queued"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .path("executionId");
        String temporalId = startOnTemporal(tenant, wf, Map.of());

        JsonNode onTemporal = awaitStatus(token, temporalId, "success", "error", "canceled");
        JsonNode natively = awaitStatus(token, nativeId, "success", "error", "canceled");
        assertThat(onTemporal.path("status").asText())
                .as(() -> onTemporal.toString())
                .isEqualTo("success");
        assertThat(RunDataTimes.comparable(onTemporal)).isEqualTo(RunDataTimes.comparable(natively));
        assertThat(onTemporal.at("/runData/Sum/0/data/main/0/0/json/total").asInt())
                .isEqualTo(14);

        List<String> children = temporal.fetchHistory(temporalId).getEvents().stream()
                .filter(e -> e.getEventType()
                        == io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)
                .map(e -> e.getChildWorkflowExecutionCompletedEventAttributes()
                        .getWorkflowExecution()
                        .getWorkflowId())
                .toList();
        assertThat(children)
                .as("one child workflow per item, named as the native engine names child executions")
                .hasSize(3)
                .allMatch(id -> id.matches(java.util.regex.Pattern.quote(temporalId) + "\\.c[0-9]+\\.[0-2]"));
        assertThat(storedRows(temporalId))
                .as("the children's item data, kept under the parent, left with its queue row")
                .isEmpty();
        as(token)
                .queryParam("workflowId", child.toString())
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void subWorkflowsNotWaitedForAreExecutionsOfTheirOwnNotChildWorkflows() throws Exception {
        Iam iam = Iam.newTenant(); // the run may outlast one short-lived test token: each request asks for a fresh one
        UUID tenant = Fixtures.tenantOf(iam.ownerToken());
        UUID child = Fixtures.save(db, tenant, SQUARE).workflowId();
        UUID wf = Fixtures.save(
                        db,
                        tenant,
                        callsEach(child).replace("\"options\": {}}}", "\"options\": {\"waitForSubWorkflow\": false}}}"))
                .workflowId();

        String id = startOnTemporal(tenant, wf, Map.of());
        JsonNode parent = Json.parse("{}");
        for (long end = System.currentTimeMillis() + 120_000;
                System.currentTimeMillis() < end
                        && !List.of("success", "error", "canceled")
                                .contains(parent.path("status").asText());
                Thread.sleep(100)) {
            parent = Json.parse(
                    as(iam.ownerToken()).get("/api/v1/executions/" + id).asString());
        }
        assertThat(parent.path("status").asText()).as(parent.toString()).isEqualTo("success");
        assertThat(parent.at("/runData/Call/0/data/main/0/2/json/n").asInt()).isEqualTo(3);
        assertThat(parent.at("/runData/Call/0/data/main/0/2/json/square").isMissingNode())
                .as("the node passes its input on without waiting")
                .isTrue();
        assertThat(temporal.fetchHistory(id).getEvents().stream()
                        .filter(e -> e.getEventType()
                                == io.temporal.api.enums.v1.EventType
                                        .EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                        .count())
                .isZero();

        JsonNode runs = Json.parse("[]");
        for (long end = System.currentTimeMillis() + 120_000;
                System.currentTimeMillis() < end
                        && (runs.size() < 3
                                || runs.findValuesAsText("status").stream().anyMatch(st -> !st.equals("success")));
                Thread.sleep(100)) {
            runs = Json.parse(as(iam.ownerToken())
                            .queryParam("workflowId", child.toString())
                            .get("/api/v1/executions")
                            .asString())
                    .path("items");
        }
        assertThat(runs).hasSize(3);
        List<Integer> squares = new ArrayList<>();
        for (JsonNode run : runs) {
            assertThat(run.path("mode").asText()).isEqualTo("integrated");
            assertThat(run.path("status").asText()).isEqualTo("success");
            squares.add(Json.parse(as(iam.ownerToken())
                            .get("/api/v1/executions/" + run.path("id").asText())
                            .asString())
                    .at("/runData/Square/0/data/main/0/0/json/square")
                    .asInt());
        }
        assertThat(squares).containsExactlyInAnyOrder(1, 4, 9);
    }

    @Test
    void aWaiterOnAnotherStudioGetsTheRunFromTheRecord() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID wf = Fixtures.save(db, tenant, CHAIN).workflowId();
        Executions.StartedExecution started = executions.start(new Executions.Launch(
                tenant,
                wf,
                1,
                "manual",
                null,
                List.of(Item.of(Json.object().put("name", "Grace"))),
                Executions.Placement.QUEUED,
                Map.of(),
                null,
                null,
                null,
                Backend.TEMPORAL));
        String id = started.executionId();
        ExecutionResult here = started.result().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(here.status()).isEqualTo(ExecutionStatus.SUCCESS);
        awaitStatus(token, id, "success");
        assertThat(storedRows(id))
                .as("the run-data store rows are gone once recorded")
                .isEmpty();

        // a wait=true caller on a studio that did not run it, told by the status event the running studio publishes
        // once it has recorded the run (LISTEN/NOTIFY, as for a native run); this process no longer runs it
        CompletableFuture<ExecutionResult> elsewhere = runner.awaitResult(id);
        live.status(tenant, id, wf, "success");
        ExecutionResult there = elsewhere.get(20, TimeUnit.SECONDS);

        assertThat(RunDataView.toJson(there.state()))
                .as("the waiter renders exactly what the running studio's waiter rendered")
                .isEqualTo(RunDataView.toJson(here.state()));
        assertThat(there.output("Sum", 0).getFirst().json().path("total").asInt())
                .isEqualTo(6);
    }

    @Test
    void aWaitForACallResumesThroughItsResumeUrl() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID wf = Fixtures.save(db, tenant, waitFor("{\"resume\": \"webhook\", \"httpMethod\": \"POST\"}"))
                .workflowId();

        String id = startOnTemporal(tenant, wf, Map.of("name", "Di"));
        assertThat(awaitStatus(token, id, "waiting", "success", "error", "canceled")
                        .path("status")
                        .asText())
                .isEqualTo("waiting");
        given().contentType(ContentType.JSON)
                .body(Map.of("answer", 42))
                .post("/webhook-waiting/" + engine.resumeToken(id))
                .then()
                .statusCode(200);

        JsonNode detail = awaitStatus(token, id, "success", "error", "canceled");
        assertThat(detail.path("status").asText()).isEqualTo("success");
        assertThat(detail.at("/runData/Wait/0/data/main/0/0/json/body/answer").asInt())
                .as("the call became the Wait's output, through a signal")
                .isEqualTo(42);
        assertThat(detail.at("/runData/After/0/data/main/0/0/json/done").asText())
                .isEqualTo("yes");
        assertThat(storedRows(id)).isEmpty();
    }

    @Test
    void aSendAndWaitOnTemporalIsResumedByItsApproveLink() throws Exception {
        com.icegreen.greenmail.util.GreenMail mail = new com.icegreen.greenmail.util.GreenMail(
                com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            String token = Iam.newTenant().ownerToken();
            UUID tenant = Fixtures.tenantOf(token);
            String credential = as(token)
                    .body(Map.of(
                            "name",
                            "smtp-" + UUID.randomUUID(),
                            "type",
                            "smtp",
                            "data",
                            Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "secure", false),
                            "sharing",
                            Map.of("tenant", true)))
                    .post("/api/v1/credentials")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            UUID wf = Fixtures.save(
                            db,
                            tenant,
                            """
                            {"name": "ask on temporal", "nodes": [
                              {"id": "1", "name": "Manual Trigger", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
                              {"id": "ask-node", "name": "Ask", "type": "n8n-nodes-base.emailSend", "typeVersion": 2.1, "position": [200, 0],
                               "parameters": {"operation": "sendAndWait", "fromEmail": "bot@example.com", "toEmail": "boss@example.com",
                                              "subject": "Go?", "message": "Go?", "options": {}},
                               "credentials": {"smtp": {"id": "%s", "name": "SMTP account"}}}],
                             "connections": {"Manual Trigger": {"main": [[{"node": "Ask", "type": "main", "index": 0}]]}}}
                            """
                                    .formatted(credential))
                    .workflowId();
            String id = startOnTemporal(tenant, wf, Map.of("name", "Di"));
            assertThat(awaitStatus(token, id, "waiting", "success", "error", "canceled")
                            .path("status")
                            .asText())
                    .isEqualTo("waiting");
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            String html = (String) mail.getReceivedMessages()[0].getContent();
            java.util.regex.Matcher link = java.util.regex.Pattern.compile(
                            "href=\"https?://[^/]+(/webhook-waiting/[^\"]+)\"")
                    .matcher(html);
            assertThat(link.find()).as(html).isTrue();
            String approve = link.group(1).replace("&amp;", "&");
            assertThat(approve).startsWith("/webhook-waiting/" + engine.resumeToken(id) + "/ask-node?approved=true");
            given().urlEncodingEnabled(false)
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
                    .get(approve)
                    .then()
                    .statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("Got it, thanks"));

            JsonNode detail = awaitStatus(token, id, "success", "error", "canceled");
            assertThat(detail.path("status").asText()).as(detail.toString()).isEqualTo("success");
            assertThat(detail.at("/runData/Ask/0/data/main/0/0/json/data/approved")
                            .asBoolean())
                    .as("the link's answer became the node's output, through a signal")
                    .isTrue();
        } finally {
            mail.stop();
        }
    }

    @Test
    void aFailedRunStartsItsErrorWorkflowAsANativeOneDoes() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID onError = Fixtures.save(
                        db,
                        tenant,
                        """
                        {"name": "on error", "nodes": [
                          {"id": "1", "name": "Error Trigger", "type": "hetumind.errorTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}}],
                         "connections": {}}
                        """)
                .workflowId();
        UUID failing = Fixtures.save(
                        db,
                        tenant,
                        """
                        {"name": "fails", "settings": {"errorWorkflow": "%s"}, "nodes": [
                          {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
                          {"id": "x", "name": "Explode", "type": "hetumind.code", "typeVersion": 2, "position": [200, 0],
                           "parameters": {"jsCode": "throw new Error('boom');"}}],
                         "connections": {"Manual Trigger": {"main": [[{"node": "Explode", "type": "main", "index": 0}]]}}}
                        """
                                .formatted(onError))
                .workflowId();

        String id = startOnTemporal(tenant, failing, Map.of("name", "Ed"), "trigger");
        JsonNode failed = awaitStatus(token, id, "success", "error", "canceled");
        assertThat(failed.path("status").asText()).isEqualTo("error");
        assertThat(failed.at("/runData/Explode/0/error/message").asText()).contains("boom");

        JsonNode runs = Json.parse("[]");
        for (long end = System.currentTimeMillis() + 20_000;
                System.currentTimeMillis() < end
                        && (runs.isEmpty()
                                || !"success".equals(runs.get(0).path("status").asText()));
                Thread.sleep(100)) {
            runs = Json.parse(as(token)
                            .queryParam("workflowId", onError.toString())
                            .get("/api/v1/executions")
                            .asString())
                    .path("items");
        }
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("mode").asText()).isEqualTo("error");
        JsonNode errorRun = Json.parse(as(token)
                .get("/api/v1/executions/" + runs.get(0).path("id").asText())
                .asString());
        assertThat(errorRun.at("/runData/Error Trigger/0/data/main/0/0/json/execution/id")
                        .asText())
                .isEqualTo(id);
        assertThat(errorRun.at("/runData/Error Trigger/0/data/main/0/0/json/execution/lastNodeExecuted")
                        .asText())
                .isEqualTo("Explode");
    }

    /** Last: once time is skipped, the test server's clock stays a day ahead of this one. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aOneDayWaitParksThenEndsInSkippedTime() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID wf = Fixtures.save(
                        db, tenant, waitFor("{\"resume\": \"timeInterval\", \"amount\": 1, \"unit\": \"days\"}"))
                .workflowId();
        long realStart = System.nanoTime();

        String id = startOnTemporal(tenant, wf, Map.of("name", "Bo"));
        JsonNode parked = awaitStatus(token, id, "waiting", "success", "error", "canceled");
        assertThat(parked.path("status").asText())
                .as("a long wait frees the worker's slot, as natively")
                .isEqualTo("waiting");
        assertThat(Instant.parse(parked.path("waitTill").asText()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));

        // a day passes: on Temporal's clock (its durable timer fires) and on the queue's (the row comes due)
        TestServiceStubs testService = TestServiceStubs.newServiceStubs(TestServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
        testService
                .blockingStub()
                .unlockTimeSkippingWithSleep(SleepRequest.newBuilder()
                        .setDuration(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(Duration.ofDays(1).plusMinutes(1).toSeconds()))
                        .build());
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE execution_queue SET run_at = now() WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            assertThat(ps.executeUpdate()).isOne();
        }
        JsonNode detail = awaitStatus(token, id, "success", "error", "canceled");

        assertThat(detail.path("status").asText()).isEqualTo("success");
        assertThat(detail.at("/runData/Wait/0/executionTime").asLong())
                .as("the Wait lasted a day of (skipped) time")
                .isGreaterThanOrEqualTo(Duration.ofDays(1).toMillis() - 1000);
        assertThat(detail.at("/runData/After/0/data/main/0/0/json/done").asText())
                .isEqualTo("yes");
        assertThat(detail.at("/runData/After/0/data/main/0/0/json/name").asText())
                .isEqualTo("Bo");
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void cancelStopsTheTemporalWorkflowAndRecordsTheRunSoFar() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID wf =
                Fixtures.save(db, tenant, waitFor("{\"resume\": \"webhook\"}")).workflowId();

        String id = startOnTemporal(tenant, wf, Map.of("name", "Cy"));
        JsonNode parked = awaitStatus(token, id, "waiting", "success", "error", "canceled");
        assertThat(parked.path("status").asText())
                .as("a wait for an outside call parks the execution as natively")
                .isEqualTo("waiting");
        assertThat(storedRows(id))
                .as("a parked execution keeps its item data, stamped with its tenant")
                .isNotEmpty()
                .containsOnly(tenant);

        as(token).post("/api/v1/executions/" + id + "/cancel").then().statusCode(202);
        JsonNode canceled = awaitStatus(token, id, "canceled");
        assertThat(canceled.path("status").asText()).isEqualTo("canceled");
        // the run so far, as natively: the trigger ran, the Wait was parked (not a run yet), nothing after it
        assertThat(canceled.at("/runData/Manual Trigger/0/data/main/0/0/json/name")
                        .asText())
                .isEqualTo("Cy");
        assertThat(canceled.at("/runData/After").isMissingNode()).isTrue();
        assertThat(canceled.at("/error/message").asText()).isEqualTo("canceled by a user");
        long deadline = System.currentTimeMillis() + 30_000;
        while (temporalStatus(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(temporalStatus(id)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
        assertThat(storedRows(id)).isEmpty();
        as(token).post("/api/v1/executions/" + id + "/cancel").then().statusCode(409);
    }
}
