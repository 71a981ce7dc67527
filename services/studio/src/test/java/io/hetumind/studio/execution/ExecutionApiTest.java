package io.hetumind.studio.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class ExecutionApiTest {
    /**
     * Tables no request writes: Flyway's history, and the queue workers' liveness rows, which each worker's
     * heartbeat updates on its own whatever the requests do.
     */
    private static final String[] UNTOUCHED_BY_REQUESTS = {"flyway_schema_history", "queue_worker"};

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static Response awaitSettled(String token, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Response r = as(token).get("/api/v1/executions/" + id);
            String status = r.path("status");
            if (List.of("success", "error", "canceled", "waiting").contains(status)
                    || System.currentTimeMillis() > deadline) {
                return r;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void executesSynchronouslyAndAnswersInRunDataShape() {
        Iam iam = Iam.newTenant();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(iam.ownerToken()), Fixtures.HELLO);
        for (String mode : List.of("queued", "inline")) {
            as(iam.ownerToken())
                    .body(Map.of("data", Map.of("name", "Ada"), "mode", mode))
                    .post("/api/v1/workflows/" + wf + "/execute")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("success"))
                    .body("executionId", notNullValue())
                    .body("lastNodeExecuted", equalTo("Greet"))
                    .body("runData.Greet[0].executionStatus", equalTo("success"))
                    .body("runData.Greet[0].data.main[0][0].json.greeting", equalTo("Hello, Ada"));
        }
    }

    @Test
    void runsAsynchronouslyThenListsAndShowsEachNodesInputAndOutput() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(token), Fixtures.HELLO);
        String id = as(token)
                .body(Map.of("items", List.of(Map.of("json", Map.of("name", "Bo"))), "wait", false))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(202)
                .extract()
                .path("executionId");
        Response detail = awaitSettled(token, id);
        detail.then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("workflowId", equalTo(wf.toString()))
                .body("mode", equalTo("manual"))
                .body("startedAt", notNullValue())
                .body("stoppedAt", notNullValue())
                .body("runData.'Manual Trigger'[0].inputData.main[0][0].json.name", equalTo("Bo"))
                .body("runData.Greet[0].inputData.main[0][0].json.name", equalTo("Bo"))
                .body("runData.Greet[0].data.main[0][0].json.greeting", equalTo("Hello, Bo"))
                .body("runData.Greet[0].executionTime", notNullValue());
        String second = as(token)
                .body(Map.of("wait", true))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .path("executionId");
        as(token)
                .queryParam("workflowId", wf.toString())
                .queryParam("status", "success")
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.id", hasItem(second))
                .body("items.size()", equalTo(2));
        // newest first, one per page
        Response page1 = as(token).queryParam("limit", 1).get("/api/v1/executions");
        page1.then().statusCode(200).body("items[0].id", equalTo(second)).body("nextCursor", notNullValue());
        as(token)
                .queryParam("limit", 1)
                .queryParam("cursor", page1.<String>path("nextCursor"))
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(id));
        as(token).queryParam("status", "error").get("/api/v1/executions").then().body("items.size()", equalTo(0));
        as(token)
                .queryParam("from", "2000-01-01T00:00:00Z")
                .queryParam("to", "2000-01-02T00:00:00Z")
                .get("/api/v1/executions")
                .then()
                .body("items.size()", equalTo(0));
    }

    @Test
    void pinnedOutputStandsInForItsNodeInManualRunsOnly() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        String pinned = Fixtures.HELLO.replace(
                "\"connections\":",
                "\"pinData\": {\"Greet\": [{\"json\": {\"greeting\": \"pinned\"}}]}, \"connections\":");
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(token), pinned);
        as(token)
                .body(Map.of("data", Map.of("name", "Ada")))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("runData.Greet[0].data.main[0][0].json.greeting", equalTo("pinned"));
    }

    @Test
    void executingUpToANodeRunsItAndWhatLeadsToItButNothingAfter() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(token), Fixtures.FAILS);
        for (String mode : List.of("queued", "inline")) {
            as(token)
                    .body(Map.of("destinationNode", "Prepare", "mode", mode))
                    .post("/api/v1/workflows/" + wf + "/execute")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("success"))
                    .body("lastNodeExecuted", equalTo("Prepare"))
                    .body("runData.Prepare[0].data.main[0].size()", equalTo(2))
                    .body("runData.Explode", nullValue());
        }
        // the whole workflow still fails where it did, and the destination is part of how the run was asked for
        String failed = as(token)
                .body(Map.of("wait", false))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(202)
                .extract()
                .path("executionId");
        awaitSettled(token, failed).then().body("status", equalTo("error"));
        as(token)
                .body(Map.of("startNode", "Manual Trigger", "destinationNode", "Explode"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .body("lastNodeExecuted", equalTo("Explode"));
    }

    /** Polls until the execution is held at {@code node}. */
    private static Response heldAt(String token, String id, String node) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Response r = as(token).get("/api/v1/executions/" + id + "/paused");
            if ((r.statusCode() == 200 && node.equals(r.path("node"))) || System.currentTimeMillis() > deadline) {
                return r;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aRunHeldAtABreakpointIsInspectedSteppedContinuedAndCanceled() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(token), Fixtures.HELLO);
        String execute = "/api/v1/workflows/" + wf + "/execute";
        String id = as(token)
                .body(Map.of("data", Map.of("name", "Ada"), "breakpoints", Map.of("before", List.of("Greet"))))
                .post(execute)
                .then()
                .statusCode(200)
                .body("status", equalTo("waiting"))
                .body("runData.Greet", nullValue())
                .extract()
                .path("executionId");
        heldAt(token, id, "Greet")
                .then()
                .statusCode(200)
                .body("when", equalTo("before"))
                .body("inputs[0][0].json.name", equalTo("Ada"))
                .body("outputs.size()", equalTo(0));
        as(token)
                .body(Map.of("expression", "$json.name + '!'"))
                .post("/api/v1/executions/" + id + "/evaluate")
                .then()
                .statusCode(200)
                .body("value", equalTo("Ada!"));
        as(token)
                .body(Map.of("expression", "$json.name", "item", 3))
                .post("/api/v1/executions/" + id + "/evaluate")
                .then()
                .statusCode(400);
        as(token)
                .body(Map.of())
                .post("/api/v1/executions/" + id + "/evaluate")
                .then()
                .statusCode(400);
        // another tenant sees none of it
        String other = Iam.newTenant().ownerToken();
        as(other).get("/api/v1/executions/" + id + "/paused").then().statusCode(404);
        as(other)
                .body(Map.of())
                .post("/api/v1/executions/" + id + "/continue")
                .then()
                .statusCode(404);
        as(other)
                .body(Map.of("expression", "1"))
                .post("/api/v1/executions/" + id + "/evaluate")
                .then()
                .statusCode(404);

        as(token)
                .body(Map.of())
                .post("/api/v1/executions/" + id + "/continue")
                .then()
                .statusCode(202);
        Response done = awaitSettled(token, id);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"success".equals(done.path("status")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            done = awaitSettled(token, id);
        }
        done.then()
                .body("status", equalTo("success"))
                .body("runData.Greet[0].data.main[0][0].json.greeting", equalTo("Hello, Ada"));
        as(token).get("/api/v1/executions/" + id + "/paused").then().statusCode(409);
        as(token)
                .body(Map.of())
                .post("/api/v1/executions/" + id + "/continue")
                .then()
                .statusCode(409);

        // stepping: held before every node, one node per step, then canceled while held
        String stepped = as(token)
                .body(Map.of("breakpoints", Map.of("step", true)))
                .post(execute)
                .then()
                .statusCode(200)
                .body("status", equalTo("waiting"))
                .extract()
                .path("executionId");
        heldAt(token, stepped, "Manual Trigger").then().statusCode(200);
        as(token)
                .body(Map.of("step", true))
                .post("/api/v1/executions/" + stepped + "/continue")
                .then()
                .statusCode(202);
        heldAt(token, stepped, "Greet").then().statusCode(200).body("inputs[0].size()", equalTo(1));
        as(token).post("/api/v1/executions/" + stepped + "/cancel").then().statusCode(202);
        awaitSettled(token, stepped).then().body("status", equalTo("canceled")).body("runData.Greet", nullValue());
    }

    @Test
    void badRequestsAreRefusedPreciselyAndChangeNothing() {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(token), Fixtures.HELLO);
        Map<String, String> before = Schemas.fingerprint("studio", UNTOUCHED_BY_REQUESTS);
        String execute = "/api/v1/workflows/" + wf + "/execute";
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("mode", "sideways"),
                Map.of("timeoutMs", 0),
                Map.of("timeoutMs", 10_000_000),
                Map.of("items", "nope"),
                Map.of("items", List.of(1, 2)),
                Map.of("items", List.of(), "data", Map.of()),
                Map.of("data", List.of()),
                Map.of("startNode", "Nope"),
                Map.of("destinationNode", "Nope"),
                Map.of("destinationNode", ""),
                Map.of("startNode", "Greet", "destinationNode", "Manual Trigger"),
                Map.of("breakpoints", Map.of("before", List.of("Nope"))),
                Map.of("breakpoints", Map.of("after", "Greet")),
                Map.of("breakpoints", Map.of("step", "yes")),
                Map.of("breakpoints", Map.of("surprise", 1)),
                Map.of("breakpoints", List.of("Greet")),
                Map.of("surprise", true))) {
            as(token).body(body).post(execute).then().statusCode(400).contentType("application/problem+json");
        }
        for (String query : List.of(
                "status=lost",
                "from=yesterday",
                "limit=0",
                "limit=x",
                "workflowId=abc",
                "cursor=%%%",
                "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")) {
            as(token).get("/api/v1/executions?" + query).then().statusCode(400).contentType("application/problem+json");
        }
        as(token)
                .body(Map.of("from", "middle"))
                .post("/api/v1/executions/" + UUID.randomUUID() + "/retry")
                .then()
                .statusCode(400);
        assertThat(Schemas.fingerprint("studio", UNTOUCHED_BY_REQUESTS)).isEqualTo(before);
        given().contentType(ContentType.JSON).post(execute).then().statusCode(401);
        // the body is optional
        given().auth().oauth2(token).post(execute).then().statusCode(200).body("status", equalTo("success"));
    }

    @Test
    void anotherTenantsExecutionsAndWorkflowsAreNotFound() {
        Iam owner = Iam.newTenant();
        Iam other = Iam.newTenant();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(owner.ownerToken()), Fixtures.FAILS);
        String id = as(owner.ownerToken())
                .body(Map.of())
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .extract()
                .path("executionId");
        String t = other.ownerToken();
        as(t).body(Map.of()).post("/api/v1/workflows/" + wf + "/execute").then().statusCode(404);
        as(t).get("/api/v1/executions/" + id).then().statusCode(404);
        as(t).post("/api/v1/executions/" + id + "/cancel").then().statusCode(404);
        as(t).body(Map.of()).post("/api/v1/executions/" + id + "/retry").then().statusCode(404);
        as(t).delete("/api/v1/executions/" + id).then().statusCode(404);
        as(t).get("/api/v1/executions").then().statusCode(200).body("items.size()", equalTo(0));
        as(t).get("/api/v1/executions/not-a-uuid").then().statusCode(404);
        as(owner.ownerToken()).get("/api/v1/executions/" + id).then().statusCode(200);
    }

    @Test
    void failedExecutionsRetryWholeOrFromTheFailedNodeWithItsStoredInputs() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(token), Fixtures.FAILS);
        String id = as(token)
                .body(Map.of())
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .body("runData.Explode[0].error.message", org.hamcrest.Matchers.containsString("boom at 2"))
                .extract()
                .path("executionId");
        as(token)
                .get("/api/v1/executions/" + id)
                .then()
                .body("status", equalTo("error"))
                .body("runData.Explode[0].inputData.main[0].size()", equalTo(2))
                .body("runData.Explode[0].inputData.main[0][1].json.n", equalTo(8))
                .body("error.message", org.hamcrest.Matchers.containsString("boom"));

        String whole = as(token)
                .body(Map.of())
                .post("/api/v1/executions/" + id + "/retry")
                .then()
                .statusCode(202)
                .body("retryOf", equalTo(id))
                .extract()
                .path("executionId");
        awaitSettled(token, whole)
                .then()
                .body("status", equalTo("error"))
                .body("mode", equalTo("retry"))
                .body("retryOf", equalTo(id))
                .body("runData.Prepare.size()", equalTo(1));

        String fromFailed = as(token)
                .body(Map.of("from", "failed"))
                .post("/api/v1/executions/" + id + "/retry")
                .then()
                .statusCode(202)
                .extract()
                .path("executionId");
        awaitSettled(token, fromFailed)
                .then()
                .body("status", equalTo("error"))
                .body("runData.Prepare", org.hamcrest.Matchers.nullValue())
                .body("runData.Explode[0].inputData.main[0].size()", equalTo(2))
                .body("runData.Explode[0].inputData.main[0][0].json.n", equalTo(7))
                .body("runData.Explode[0].error.message", org.hamcrest.Matchers.containsString("boom at 2"));

        // a successful execution is not retried
        UUID hello = Fixtures.saveWorkflow(Fixtures.tenantOf(token), Fixtures.HELLO);
        String ok = as(token)
                .body(Map.of())
                .post("/api/v1/workflows/" + hello + "/execute")
                .then()
                .extract()
                .path("executionId");
        as(token)
                .body(Map.of())
                .post("/api/v1/executions/" + ok + "/retry")
                .then()
                .statusCode(409);
    }

    @Test
    void aWaitingExecutionIsCanceledThenDeleted() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(token), Fixtures.WAITS);
        String id = as(token)
                .body(Map.of())
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("waiting"))
                .extract()
                .path("executionId");
        as(token)
                .get("/api/v1/executions/" + id)
                .then()
                .body("status", equalTo("waiting"))
                .body("waitTill", notNullValue());
        assertThat(Fixtures.count(
                        "SELECT count(*) FROM studio.execution_queue WHERE id = ? AND state = 'queued'"
                                + " AND run_at > now() + interval '50 minutes'",
                        UUID.fromString(id)))
                .isEqualTo(1);
        as(token).delete("/api/v1/executions/" + id).then().statusCode(409);
        as(token).post("/api/v1/executions/" + id + "/cancel").then().statusCode(202);
        as(token).get("/api/v1/executions/" + id).then().body("status", equalTo("canceled"));
        assertThat(Fixtures.count("SELECT count(*) FROM studio.execution_queue WHERE id = ?", UUID.fromString(id)))
                .isZero();
        as(token).post("/api/v1/executions/" + id + "/cancel").then().statusCode(409);
        as(token).delete("/api/v1/executions/" + id).then().statusCode(204);
        as(token).get("/api/v1/executions/" + id).then().statusCode(404);
        assertThat(Fixtures.count("SELECT count(*) FROM studio.execution_checkpoint WHERE id = ?", id))
                .isZero();
    }
}
