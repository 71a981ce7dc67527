package io.hetumind.taskserver;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API: jobs, triggers, instances; every bad input a precise problem that stores nothing. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class JobApiTest {
    static Iam acme;
    static Iam other;

    @BeforeAll
    static void tenants() {
        acme = Iam.newTenant();
        other = Iam.newTenant();
    }

    static RequestSpecification as(Iam who) {
        return given().header("Authorization", "Bearer " + who.ownerToken()).contentType(ContentType.JSON);
    }

    static Map<String, Object> job(String name) {
        return Map.of(
                "name",
                name,
                "namespace",
                "ops",
                "command",
                "echo",
                "args",
                List.of("hello"),
                "timeoutMs",
                60_000,
                "labels",
                Map.of("os", "linux"));
    }

    static void problem(Response r, int status, String slug) {
        r.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hetumind.io/problems/" + slug));
    }

    @Test
    void createTriggerAndReadAnInstance() {
        String id = as(acme).body(job("backup"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(acme).get("/api/v1/jobs/" + id).then().statusCode(200).body("command", equalTo("echo"));
        Map<String, Object> inst = as(acme).post("/api/v1/jobs/" + id + "/trigger")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        assertThat(inst.get("status")).isEqualTo("queued");
        assertThat(inst.get("attempt")).isEqualTo(1);
        as(acme).get("/api/v1/task-instances/" + inst.get("id"))
                .then()
                .statusCode(200)
                .body("jobId", equalTo(id));
        as(acme).get("/api/v1/tasks/" + inst.get("taskId"))
                .then()
                .statusCode(200)
                .body("trigger", equalTo("manual"))
                .body("instances.size()", equalTo(1));
        assertThat(as(acme).get("/api/v1/jobs").then().statusCode(200).extract().<List<?>>path("items"))
                .isNotEmpty();
        problem(as(acme).body(job("backup")).post("/api/v1/jobs"), 409, "conflict");
    }

    @Test
    void anotherTenantSeesNothing() {
        String id = as(acme).body(job("private"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String inst = as(acme).post("/api/v1/jobs/" + id + "/trigger")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        var before = Schemas.fingerprint("sched", "lease", "server", "agent", "namespace_binding", "inbox");
        problem(as(other).get("/api/v1/jobs/" + id), 404, "not-found");
        problem(as(other).post("/api/v1/jobs/" + id + "/trigger"), 404, "not-found");
        problem(as(other).get("/api/v1/task-instances/" + inst), 404, "not-found");
        problem(as(other).post("/api/v1/task-instances/" + inst + "/cancel"), 404, "not-found");
        problem(as(other).get("/api/v1/task-instances/" + inst + "/logs"), 404, "not-found");
        problem(as(other).delete("/api/v1/jobs/" + id), 404, "not-found");
        assertThat(as(other).get("/api/v1/task-instances").then().extract().<List<?>>path("items"))
                .isEmpty();
        assertThat(Schemas.fingerprint("sched", "lease", "server", "agent", "namespace_binding", "inbox"))
                .isEqualTo(before);
    }

    @Test
    void badInputIsAPreciseProblemAndStoresNothing() {
        String id = as(acme).body(job("checked"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        var before = Schemas.fingerprint("sched", "lease", "server", "agent", "namespace_binding", "inbox");
        problem(as(acme).body("{\"name\":").post("/api/v1/jobs"), 400, "malformed-json");
        problem(
                as(acme).body(Map.of("name", "x", "namespace", "ops", "command", "ls", "surprise", 1))
                        .post("/api/v1/jobs"),
                400,
                "malformed-json");
        problem(
                as(acme).body(Map.of("name", "x", "namespace", "Not OK", "command", "ls"))
                        .post("/api/v1/jobs"),
                400,
                "validation");
        problem(
                as(acme).body(Map.of("name", "x", "namespace", "ops", "command", "ls", "timeoutMs", 1))
                        .post("/api/v1/jobs"),
                400,
                "validation");
        problem(
                as(acme).body(Map.of("kind", "cron", "cron", "61 * * * *")).post("/api/v1/jobs/" + id + "/schedules"),
                400,
                "validation");
        problem(
                as(acme).body(Map.of("kind", "cron", "cron", "* * * * *", "timeZone", "Mars/Olympus"))
                        .post("/api/v1/jobs/" + id + "/schedules"),
                400,
                "validation");
        problem(
                as(acme).body(Map.of("kind", "sometimes")).post("/api/v1/jobs/" + id + "/schedules"),
                400,
                "validation");
        problem(as(acme).body(Map.of("kind", "time")).post("/api/v1/jobs/" + id + "/schedules"), 400, "validation");
        problem(
                as(acme).body("{\"name\":\"" + "x".repeat(70_000) + "\"}").post("/api/v1/jobs"),
                413,
                "payload-too-large");
        problem(as(acme).get("/api/v1/task-instances?status=exploded"), 400, "validation");
        problem(as(acme).get("/api/v1/jobs?limit=0"), 400, "validation");
        problem(given().get("/api/v1/jobs"), 401, "unauthorized");
        problem(given().header("Authorization", "Bearer not.a.token").get("/api/v1/jobs"), 401, "unauthorized");
        // An agent's token is for the gateway only.
        problem(
                given().header("Authorization", "Bearer " + acme.agentToken("ops"))
                        .get("/api/v1/jobs"),
                403,
                "forbidden");
        assertThat(Schemas.fingerprint("sched", "lease", "server", "agent", "namespace_binding", "inbox"))
                .isEqualTo(before);
    }

    @Test
    void cancelAQueuedInstanceAndRetryIt() {
        String id = as(acme).body(job("cancel-me"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String inst = as(acme).post("/api/v1/jobs/" + id + "/trigger")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(acme).post("/api/v1/task-instances/" + inst + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("canceled"));
        problem(as(acme).post("/api/v1/task-instances/" + inst + "/cancel"), 409, "conflict");
        as(acme).post("/api/v1/task-instances/" + inst + "/retry")
                .then()
                .statusCode(201)
                .body("attempt", equalTo(2))
                .body("status", equalTo("queued"));
        problem(as(acme).post("/api/v1/task-instances/" + inst + "/retry"), 409, "conflict");
    }

    @Test
    void openApiAndMetricsAreServed() {
        given().get("/q/openapi").then().statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sched_queue_depth", "sched_agent_connections", "sched_leader");
    }
}
